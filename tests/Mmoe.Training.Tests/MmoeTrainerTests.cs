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
        Assert.True(evaluation.TextOnly.Accuracy > 0.6);
        Assert.Contains("out-of-fold", trained.Manifest.Training["subsetSource"]!.GetValue<string>());
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
