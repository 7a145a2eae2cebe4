using System.Text.Json;
using Mmoe.Detection;
using Mmoe.Models;

namespace Mmoe.Training.Tests;

public sealed class ManagedMmoeDetectorTests
{
    private static readonly Lazy<ManagedMmoeDetector> Detector = new(() =>
    {
        var (manifest, tensors) = TinyModels.Create();
        var bytes = TensorFile.Write(tensors);
        manifest = manifest with { Files = [new ManifestFile(ModelFolder.WeightsFileName, bytes.Length, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)))] };
        return new ManagedMmoeDetector(new LinearMmoeModel(manifest, tensors, "test"));
    });

    private static IReadOnlyList<SocialPost> Posts { get; } = Enumerable.Range(0, 64).Select(i => new SocialPost
    {
        Id = $"p{i}",
        Text = $"Post number {i}, {(i % 2 == 0 ? "sure, love it" : "thanks for the help")}.",
        Caption = i % 3 == 0 ? null : $"A person at table {i} looks {(i % 2 == 0 ? "annoyed" : "happy")}.",
    }).ToList();

    [Fact]
    public async Task VerdictFollowsTheRusFusionOfTheHeads()
    {
        var post = Posts[1];
        var verdict = await Detector.Value.DetectAsync(post);
        var scores = Detector.Value.LinearModel.Score(post);
        var weights = scores.Router.Softmax();
        var mixture = (weights.Redundancy * scores.Redundancy.PositiveProbability())
                      + (weights.Uniqueness * scores.Uniqueness.PositiveProbability())
                      + (weights.Synergy * scores.Synergy.PositiveProbability());
        Assert.Equal(mixture, verdict.Probability, 12);
        Assert.Equal(mixture > 0.5, verdict.IsSarcastic);
        Assert.Equal(weights.ArgMax(), verdict.DrivingInteraction);
        Assert.Equal(post.Caption, verdict.Caption);
        Assert.Equal("p1", verdict.PostId);
    }

    [Fact]
    public async Task ImageJudgeAnswersOnlyWhenThereIsACaption()
    {
        var without = await Detector.Value.DetectAsync(Posts[0]);
        var with = await Detector.Value.DetectAsync(Posts[1]);
        Assert.Null(without.Unimodal.ImageOnly);
        Assert.Null(without.Caption);
        Assert.NotNull(with.Unimodal.ImageOnly);
        Assert.NotNull(without.Unimodal.TextOnly);
    }

    [Fact]
    public async Task BatchKeepsOrderAndConcurrentCallsAgreeWithSequentialOnes()
    {
        var sequential = new List<MmoeVerdict>();
        foreach (var post in Posts)
        {
            sequential.Add(await Detector.Value.DetectAsync(post));
        }

        var batch = await Detector.Value.DetectBatchAsync(Posts);
        Assert.Equal(sequential, batch);
        var concurrent = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Detector.Value.DetectBatchAsync(Posts))));
        Assert.All(concurrent, result => Assert.Equal(sequential, result));
    }

    [Fact]
    public async Task VerdictJsonHasTheDocumentedShape()
    {
        var verdict = await Detector.Value.DetectAsync(Posts[0]);
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(verdict, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var root = json.RootElement;
        Assert.True(root.GetProperty("isSarcastic").ValueKind is JsonValueKind.True or JsonValueKind.False);
        Assert.Contains(root.GetProperty("drivingInteraction").GetString(), new[] { "redundancy", "uniqueness", "synergy" });
        foreach (var name in new[] { "redundancy", "uniqueness", "synergy" })
        {
            Assert.Equal(JsonValueKind.Number, root.GetProperty("interactionWeights").GetProperty(name).ValueKind);
            Assert.Equal(JsonValueKind.Number, root.GetProperty("experts").GetProperty(name).ValueKind);
        }

        Assert.Equal(JsonValueKind.Number, root.GetProperty("experts").GetProperty("baseline").ValueKind);
        Assert.Equal(JsonValueKind.Null, root.GetProperty("unimodal").GetProperty("imageOnly").ValueKind);
        Assert.Equal("tiny-test-model", root.GetProperty("model").GetProperty("id").GetString());
    }

    [Fact]
    public async Task PostWithoutTextIsRefused()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => Detector.Value.DetectAsync(new SocialPost { Text = "  " }));
        Assert.Contains("no text", error.Message);
    }
}
