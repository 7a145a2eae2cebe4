using Mmoe.Models;
using Mmoe.Models.Evaluation;

namespace Mmoe.Training.Tests;

public sealed class MmoeTrainerTests
{
    private static MmoeTrainingOptions Options(int seed = 1) => new()
    {
        Seed = seed,
        MaxEpochs = 25,
        Patience = 5,
        BatchSize = 16,
        LearningRate = 0.05,
        Featurizer = TinyModels.Featurizer,
        ModelId = "synthetic",
    };

    [Fact]
    public async Task TrainingOnASmallSyntheticSetConverges()
    {
        var data = SyntheticData.Create();
        var trained = await new MmoeTrainer().TrainAsync(data, Options());
        var fresh = SyntheticData.Create(count: 60, validation: 1, seed: 11).Train;
        var evaluation = ModelEvaluator.Evaluate(trained.Model, "synthetic", "fresh", fresh, predictions: null);
        Assert.True(evaluation.Report.Strategy("baseline")!.Metrics.Accuracy >= 0.9, $"baseline accuracy {evaluation.Report.Strategy("baseline")!.Metrics.Accuracy}");
        Assert.True(evaluation.Report.Strategy("rus")!.Metrics.Accuracy >= 0.9, $"rus accuracy {evaluation.Report.Strategy("rus")!.Metrics.Accuracy}");
        // The text judge sees no caption, so it cannot know about the eye-roll; it must still beat chance on the text cue.
        Assert.True(evaluation.TextOnly!.Accuracy > 0.6);
        Assert.Contains("out-of-fold", trained.Manifest.Training["subsetSource"]!.GetValue<string>());
    }

    [Fact]
    public async Task BalancedClassesDropThePriorOfTheTrainingData()
    {
        // Three in four posts are sarcastic and nothing in a post says which: the baseline can only learn the prior.
        var random = new Random(5);
        string[] words = ["today", "meeting", "coffee", "train", "weather", "report", "lunch", "email"];
        List<LabeledPost> Make(string prefix, int n) => Enumerable.Range(0, n).Select(i => new LabeledPost(
            new SocialPost { Id = $"{prefix}{i:D3}", Text = $"{words[random.Next(words.Length)]} {words[random.Next(words.Length)]}", Caption = "a room" },
            i % 4 != 0)).ToList();
        var train = Make("t", 80);
        var validation = Make("v", 40);
        var data = new TrainingSet { Name = "prior", Train = train, Validation = validation, Fingerprint = "prior" };
        var post = new SocialPost { Text = "today coffee", Caption = "a room" };

        var plain = await new MmoeTrainer().TrainAsync(data, Options());
        var balanced = await new MmoeTrainer().TrainAsync(data, Options() with { BalanceClasses = true });

        // Unweighted, the best constant answer is P(sarcastic) = 0.75; with both classes weighing half, it is 0.5.
        Assert.InRange(plain.Model.Score(post).Baseline!.Value.PositiveProbability(), 0.65, 0.85);
        Assert.InRange(balanced.Model.Score(post).Baseline!.Value.PositiveProbability(), 0.4, 0.6);
        Assert.True(balanced.Manifest.Training["options"]!["balanceClasses"]!.GetValue<bool>());
    }

    [Fact]
    public async Task SameSeedGivesTheSameBytesAndAnotherSeedDoesNot()
    {
        var data = SyntheticData.Create(count: 40, validation: 12);
        var options = Options() with { MaxEpochs = 6 };
        var a = await new MmoeTrainer().TrainAsync(data, options);
        var b = await new MmoeTrainer().TrainAsync(data, options);
        var c = await new MmoeTrainer().TrainAsync(data, options with { Seed = 2 });
        Assert.Equal(TensorFile.Write(a.Tensors), TensorFile.Write(b.Tensors));
        Assert.Equal(a.Manifest.Files, b.Manifest.Files);
        Assert.Equal(a.Manifest.Metrics.ToJsonString(), b.Manifest.Metrics.ToJsonString());
        Assert.NotEqual(TensorFile.Write(a.Tensors), TensorFile.Write(c.Tensors));
    }

    [Fact]
    public async Task SavedModelLoadsAndAnswersLikeTheTrainedOne()
    {
        var data = SyntheticData.Create(count: 40, validation: 12);
        var trained = await new MmoeTrainer().TrainAsync(data, Options() with { MaxEpochs = 6 });
        var directory = Directory.CreateTempSubdirectory("mmoe-trained-");
        try
        {
            await trained.SaveAsync(directory.FullName);
            var detector = await MmoeModels.LoadAsync(directory.FullName);
            var post = data.Validation[0].Post;
            var verdict = await detector.DetectAsync(post);
            Assert.Equal(trained.Model.Judge(post), verdict);
            Assert.Equal(trained.Model.Info, detector.Model);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
