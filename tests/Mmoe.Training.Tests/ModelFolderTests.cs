using System.Text.Json.Nodes;
using Mmoe.Models;

namespace Mmoe.Training.Tests;

public sealed class ModelFolderTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("mmoe-model-");

    public void Dispose() => _directory.Delete(recursive: true);

    private string Weights => Path.Combine(_directory.FullName, ModelFolder.WeightsFileName);

    private string Manifest => Path.Combine(_directory.FullName, ModelFolder.ManifestFileName);

    [Fact]
    public async Task WrittenFolderLoadsWithTheSameWeightsAndScores()
    {
        var (manifest, tensors) = TinyModels.Create();
        await ModelFolder.WriteAsync(_directory.FullName, manifest, tensors);
        var (read, readTensors) = await ModelFolder.ReadAsync(_directory.FullName);
        Assert.Equal(manifest.Id, read.Id);
        Assert.Equal(tensors[0].Data, readTensors[0].Data);
        Assert.Equal(tensors[0].Shape, readTensors[0].Shape);
        var file = Assert.Single(read.Files);
        Assert.Equal(new FileInfo(Weights).Length, file.Bytes);

        var model = await MmoeModels.LoadModelAsync(_directory.FullName);
        var post = new SocialPost { Text = "Oh sure, that went great.", Caption = "A man rolls his eyes." };
        var scores = model.Score(post);
        // Recompute the baseline logit by hand from the stored weights.
        var features = await model.Featurizer.FeaturizeAsync(post);
        var column = ModelHeads.IndexOf(ModelHeads.Baseline);
        double expected = tensors[1].Data[column];
        for (var i = 0; i < features.Count; i++)
        {
            expected += features.Values[i] * (double)tensors[0].Data[(features.Indices[i] * ModelHeads.Count) + column];
        }

        Assert.Equal(expected, scores.Baseline!.Value.Positive, 5);
    }

    [Fact]
    public async Task MissingFolderManifestOrWeightsAreNamed()
    {
        var absent = Path.Combine(_directory.FullName, "absent");
        var noFolder = await Assert.ThrowsAsync<DirectoryNotFoundException>(() => MmoeModels.LoadModelAsync(absent));
        Assert.Contains("does not exist", noFolder.Message);

        await TinyModels.WriteAsync(_directory);
        File.Delete(Weights);
        var noWeights = await Assert.ThrowsAsync<FileNotFoundException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
        Assert.Contains("missing weights.bin", noWeights.Message);

        File.Delete(Manifest);
        var noManifest = await Assert.ThrowsAsync<FileNotFoundException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
        Assert.Contains("has no manifest.json", noManifest.Message);
    }

    [Fact]
    public async Task TruncatedWeightsAreReportedAsTruncated()
    {
        await TinyModels.WriteAsync(_directory);
        var bytes = await File.ReadAllBytesAsync(Weights);
        await File.WriteAllBytesAsync(Weights, bytes[..(bytes.Length / 2)]);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
        Assert.Contains("weights.bin is truncated", error.Message);
    }

    [Fact]
    public async Task FlippedByteFailsTheChecksum()
    {
        await TinyModels.WriteAsync(_directory);
        var bytes = await File.ReadAllBytesAsync(Weights);
        bytes[bytes.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(Weights, bytes);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
        Assert.Contains("does not match the SHA-256", error.Message);
    }

    [Fact]
    public async Task WeightsOfAnotherModelAreRefused()
    {
        await TinyModels.WriteAsync(_directory, seed: 1);
        var other = Directory.CreateTempSubdirectory("mmoe-model-other-");
        try
        {
            await TinyModels.WriteAsync(other, seed: 2);
            File.Copy(Path.Combine(other.FullName, ModelFolder.WeightsFileName), Weights, overwrite: true);
            var error = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
            Assert.Contains("does not match the SHA-256", error.Message);
        }
        finally
        {
            other.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task ManifestThatDisagreesWithTheWeightsIsRefused()
    {
        var (manifest, tensors) = TinyModels.Create();
        var wrongDimension = manifest with { Featurizer = manifest.Featurizer with { Dimension = manifest.Featurizer.Dimension + 1 } };
        await ModelFolder.WriteAsync(_directory.FullName, wrongDimension, tensors);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
        Assert.Contains("dimensions", error.Message);

        var (_, fewer) = TinyModels.Create();
        var narrow = new NamedTensor(LinearMmoeModel.WeightTensor, [fewer[0].Shape[0] / 2, ModelHeads.Count], fewer[0].Data[..(fewer[0].Data.Length / 2)]);
        await ModelFolder.WriteAsync(_directory.FullName, manifest, [narrow, fewer[1]]);
        var shape = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
        Assert.Contains("has shape", shape.Message);
    }

    [Fact]
    public async Task NewerFormatVersionAndGarbageManifestAreRefused()
    {
        await TinyModels.WriteAsync(_directory);
        var json = JsonNode.Parse(await File.ReadAllTextAsync(Manifest))!;
        json["formatVersion"] = 99;
        await File.WriteAllTextAsync(Manifest, json.ToJsonString());
        var version = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
        Assert.Contains("format version 99", version.Message);

        await File.WriteAllTextAsync(Manifest, "{ not json");
        var garbage = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadModelAsync(_directory.FullName));
        Assert.Contains("not a valid model manifest", garbage.Message);
    }
}
