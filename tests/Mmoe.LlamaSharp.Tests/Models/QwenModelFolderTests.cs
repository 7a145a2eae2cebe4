using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Mmoe.Detection;
using Mmoe.Features;
using Mmoe.LlamaSharp.Features;
using Mmoe.LlamaSharp.Models;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Prompts;
using Mmoe.LlamaSharp.Tests.Native;
using Mmoe.LlamaSharp.Tests.Utilities;
using Mmoe.Mcp;
using Mmoe.Models;
using Mmoe.Models.Evaluation;
using Mmoe.SemanticKernel;
using Mmoe.Training;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Mmoe.LlamaSharp.Tests.Models;

/// <summary>The Qwen path as a model like any other: trained through the Qwen2 featurizer, saved, reloaded by the one loader.</summary>
[Collection(TinyModelCollection.Name)]
public sealed class QwenModelFolderTests(TinyModelFixture fixture)
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static TrainedFolder? _trained;

    private static readonly string[] Fillers = ["today", "meeting", "coffee", "train", "weather", "report", "lunch", "email"];

    private LlamaSharpMmoeOptions Runtime() => new() { ModelPath = fixture.ModelPath, ContextSize = 2048, Threads = 2 };

    /// <summary>A small learnable dataset (text cue or caption cue means positive).</summary>
    private static TrainingSet Data()
    {
        var random = new Random(5);
        List<LabeledPost> Make(string prefix, int n) => Enumerable.Range(0, n).Select(i =>
        {
            var textCue = random.Next(3) == 0;
            var imageCue = random.Next(3) == 0;
            var filler = $"{Fillers[random.Next(Fillers.Length)]} {Fillers[random.Next(Fillers.Length)]}";
            return new LabeledPost(new SocialPost
            {
                Id = $"{prefix}{i:D3}",
                Text = textCue ? $"oh yeah totally love the {filler}" : $"we talked about the {filler}",
                Caption = imageCue ? "a man rolls his eyes" : "a man nods politely",
                Speaker = "SHELDON",
                Metadata = new Dictionary<string, string> { ["show"] = "BBT" },
            }, textCue || imageCue);
        }).ToList();
        var train = Make("t", 32);
        var validation = Make("v", 12);
        return new TrainingSet { Name = "synthetic", Train = train, Validation = validation, Fingerprint = "synthetic-qwen" };
    }

    private sealed record TrainedFolder(string Directory, string CacheDirectory, TrainedMmoeModel Model, long PostsDecoded);

    /// <summary>Trains once per test run (a few seconds) into a folder beside the tiny GGUF.</summary>
    private async Task<TrainedFolder> TrainedAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_trained is null)
            {
                var cache = fixture.TempFile("feature-cache");
                using var featurizer = await QwenHiddenStateFeaturizer.CreateAsync(Runtime(), HiddenStatePooling.Last, "mustard");
                var cached = new CachingPostFeaturizer(featurizer, new FeatureCache(new FeatureCacheOptions { Directory = cache }));
                var trained = await new MmoeTrainer().TrainAsync(Data(), new MmoeTrainingOptions { MaxEpochs = 5, ModelId = "qwen-tiny", PostFeaturizer = cached });
                var directory = fixture.TempFile("qwen-model");
                await trained.SaveAsync(directory);
                _trained = new TrainedFolder(directory, cache, trained, featurizer.PostsDecoded);
            }

            return _trained;
        }
        finally
        {
            Gate.Release();
        }
    }

    private static IReadOnlyList<SocialPost> Probe() => [.. Data().Validation.Take(6).Select(item => item.Post)];

    [Fact]
    public async Task A_model_trained_on_qwen_features_reloads_from_its_folder_with_the_same_verdicts()
    {
        var trained = await TrainedAsync();
        var data = Data();
        var inMemory = await new ManagedMmoeDetector(trained.Model.Model).DetectBatchAsync(Probe());

        // Found beside the folder: the tiny GGUF lives in the folder that holds the model folder.
        var detector = await MmoeModels.LoadAsync(trained.Directory, new MmoeLoadOptions { Threads = 2 });
        using var owned = detector as IDisposable;
        var reloaded = await detector.DetectBatchAsync(Probe());

        // Every post is decoded once: validation features are read back from the cache for the validation report.
        Assert.Equal(data.Train.Count + data.Validation.Count, trained.PostsDecoded);
        Assert.Equal("qwen-tiny", detector.Model.Id);
        Assert.Equal(inMemory.Select(v => v.IsSarcastic), reloaded.Select(v => v.IsSarcastic));
        Assert.Equal(inMemory.Select(v => v.DrivingInteraction), reloaded.Select(v => v.DrivingInteraction));
        for (var i = 0; i < inMemory.Count; i++)
        {
            Assert.Equal(inMemory[i].Probability, reloaded[i].Probability, 1e-3);
        }

        var manifest = await File.ReadAllTextAsync(Path.Combine(trained.Directory, "manifest.json"));
        using var json = JsonDocument.Parse(manifest);
        var featurizer = json.RootElement.GetProperty("featurizer");
        Assert.Equal("qwen2-hidden", featurizer.GetProperty("name").GetString());
        var configuration = featurizer.GetProperty("configuration");
        Assert.Equal("last", configuration.GetProperty("pooling").GetString());
        Assert.Equal("mustard", configuration.GetProperty("prompt").GetProperty("name").GetString());
        Assert.Equal(ReferencePrompts.Mustard.Template, configuration.GetProperty("prompt").GetProperty("template").GetString());
        var gguf = configuration.GetProperty("gguf");
        Assert.Equal("tiny-qwen2.gguf", gguf.GetProperty("path").GetString());
        Assert.Equal(new FileInfo(fixture.ModelPath).Length, gguf.GetProperty("bytes").GetInt64());
        Assert.Equal((await ModelFiles.DescribeAsync(fixture.ModelPath)).Sha256, gguf.GetProperty("sha256").GetString());
        Assert.DoesNotContain(Path.GetDirectoryName(fixture.ModelPath)!, manifest, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_training_run_reads_every_feature_from_the_cache()
    {
        var trained = await TrainedAsync();
        using var featurizer = await QwenHiddenStateFeaturizer.CreateAsync(Runtime(), HiddenStatePooling.Last, "mustard");
        var cache = new FeatureCache(new FeatureCacheOptions { Directory = trained.CacheDirectory });

        var again = await new MmoeTrainer().TrainAsync(Data(), new MmoeTrainingOptions
        {
            MaxEpochs = 5, ModelId = "qwen-tiny", Seed = 2, PostFeaturizer = new CachingPostFeaturizer(featurizer, cache),
        });

        Assert.Equal(0, featurizer.PostsDecoded);
        Assert.Equal(0, cache.Misses);
        Assert.True(cache.Hits >= Data().Train.Count + Data().Validation.Count);
        Assert.Equal(trained.Model.Manifest.Featurizer.Configuration.ToJsonString(), again.Manifest.Featurizer.Configuration.ToJsonString());
    }

    [Fact]
    public async Task A_gguf_with_another_hash_is_refused_with_a_message_naming_both()
    {
        var trained = await TrainedAsync();
        var other = Directory.CreateDirectory(fixture.TempFile("other-gguf")).FullName;
        var otherPath = Path.Combine(other, "tiny-qwen2.gguf");
        fixture.Spec.WriteModel(otherPath, QwenVocabulary.Qwen2, seed: 8);
        var expected = (await ModelFiles.DescribeAsync(fixture.ModelPath)).Sha256;
        var actual = (await ModelFiles.DescribeAsync(otherPath)).Sha256;

        var error = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadAsync(trained.Directory, new MmoeLoadOptions { GgufPath = other }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains(actual, error.Message, StringComparison.Ordinal);
        Assert.Contains(otherPath, error.Message, StringComparison.Ordinal);
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => MmoeModels.LoadAsync(trained.Directory, new MmoeLoadOptions { GgufPath = Path.Combine(other, "absent.gguf") }));
        Assert.Contains("absent.gguf", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupted_or_stale_cache_entry_is_recomputed_never_used()
    {
        using var featurizer = await QwenHiddenStateFeaturizer.CreateAsync(Runtime(), HiddenStatePooling.Last, "mustard");
        var directory = fixture.TempFile("corrupt-cache");
        var posts = Probe().Take(3).ToList();
        var first = await new CachingPostFeaturizer(featurizer, new FeatureCache(new FeatureCacheOptions { Directory = directory })).FeaturizeBatchAsync(posts);
        var keys = posts.Select(post => FeatureCache.KeyOf(featurizer.Name, featurizer.Configuration, post)).ToList();
        var cache = new FeatureCache(new FeatureCacheOptions { Directory = directory });
        var corrupt = File.ReadAllBytes(cache.PathOf(keys[0]));
        corrupt[60] ^= 0x40;
        File.WriteAllBytes(cache.PathOf(keys[0]), corrupt);
        File.WriteAllBytes(cache.PathOf(keys[1]), [.. File.ReadAllBytes(cache.PathOf(keys[1])).Take(20)]);
        File.Copy(cache.PathOf(keys[2]), cache.PathOf(keys[0].Replace(keys[0][..2], keys[2][..2], StringComparison.Ordinal)), overwrite: true);
        var decodedBefore = featurizer.PostsDecoded;

        var second = await new CachingPostFeaturizer(featurizer, cache).FeaturizeBatchAsync(posts);
        var third = await new CachingPostFeaturizer(featurizer, cache).FeaturizeBatchAsync(posts);

        Assert.Equal(2, cache.Invalid);
        Assert.Equal(2, featurizer.PostsDecoded - decodedBefore);
        Assert.Equal(4, cache.Hits);
        for (var i = 0; i < posts.Count; i++)
        {
            for (var d = 0; d < featurizer.Dimension; d++)
            {
                Assert.Equal(first[i].Values[d], second[i].Values[d], 1e-3);
                Assert.Equal(second[i].Values[d], third[i].Values[d]);
            }
        }
    }

    [Fact]
    public async Task A_lora_model_folder_loads_through_the_same_loader_and_scores_like_the_adapters_given_directly()
    {
        var folder = fixture.TempFile("lora-model");
        await LoraModelFolder.WriteAsync(folder, "tiny-lora", fixture.ModelPath, ExpertAdapterPaths.FromDirectory(fixture.ExpertsDirectory), ReferencePrompts.Mustard, "mustard");
        var posts = Probe();
        using var direct = LlamaSharpDetector.Create(new LlamaSharpMmoeOptions
        {
            ModelPath = fixture.ModelPath,
            Adapters = ExpertAdapterPaths.FromDirectory(fixture.ExpertsDirectory),
            Threads = 2,
        });

        var loaded = await MmoeModels.LoadAsync(folder, new MmoeLoadOptions { GgufPath = fixture.ModelPath, Threads = 2 });
        using var owned = (IDisposable)loaded;
        var expected = await direct.DetectBatchAsync(posts);
        var actual = await loaded.DetectBatchAsync(posts);

        Assert.Equal("tiny-lora", loaded.Model.Id);
        for (var i = 0; i < posts.Count; i++)
        {
            Assert.Equal(expected[i].Probability, actual[i].Probability, 1e-6);
            Assert.Equal(expected[i].InteractionWeights, actual[i].InteractionWeights);
            Assert.Equal(expected[i].Experts, actual[i].Experts);
        }

        var manifest = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "manifest.json"))).RootElement;
        Assert.Equal("mmoe-lora-experts", manifest.GetProperty("format").GetString());
        Assert.Equal("R.gguf", manifest.GetProperty("adapters").GetProperty("redundancy").GetString());
        Assert.Equal(5, manifest.GetProperty("files").GetArrayLength());

        // A swapped adapter is refused by its hash before llama.cpp sees it.
        File.Copy(Path.Combine(fixture.ExpertsDirectory, "U.gguf"), Path.Combine(folder, "R.gguf"), overwrite: true);
        var error = await Assert.ThrowsAsync<InvalidDataException>(() => MmoeModels.LoadAsync(folder, new MmoeLoadOptions { GgufPath = fixture.ModelPath }));
        Assert.Contains("R.gguf", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_plugin_and_the_mcp_server_answer_from_a_qwen_model_folder()
    {
        var trained = await TrainedAsync();
        var builder = Kernel.CreateBuilder();
        builder.AddMmoePlugin(options =>
        {
            options.ModelPath = trained.Directory;
            options.ModelLoading.GgufPath = fixture.ModelPath;
            options.ModelLoading.Threads = 2;
        });
        var kernel = builder.Build();
        try
        {
            var verdict = await kernel.InvokeAsync<SarcasmVerdict>("mmoe", "detect_sarcasm",
                new() { ["text"] = "oh yeah totally love the meeting", ["caption"] = "a man rolls his eyes" });

            Assert.Equal("qwen-tiny", verdict!.Model.Id);
            Assert.InRange(verdict.Probability, 0, 1);
        }
        finally
        {
            (kernel.Services as IDisposable)?.Dispose();
        }

        await using var server = MmoeMcpServer.Create(services => services.AddMmoe(options =>
        {
            options.ModelPath = trained.Directory;
            options.ModelLoading.Threads = 2;
        }), NullLoggerFactory.Instance);
        await server.EnsureReadyAsync(CancellationToken.None);
        var toServer = new System.IO.Pipelines.Pipe();
        var toClient = new System.IO.Pipelines.Pipe();
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var serving = server.RunAsync(toServer.Reader.AsStream(), toClient.Writer.AsStream(), stop.Token);
        await using (var client = await McpClient.CreateAsync(new StreamClientTransport(toServer.Writer.AsStream(), toClient.Reader.AsStream()), cancellationToken: stop.Token))
        {
            var result = await client.CallToolAsync("detect_sarcasm",
                new Dictionary<string, object?> { ["text"] = "oh yeah totally love the meeting", ["caption"] = "a man rolls his eyes" }, cancellationToken: stop.Token);

            Assert.NotEqual(true, result.IsError);
            var structured = result.StructuredContent!.Value;
            Assert.Equal("qwen-tiny", structured.GetProperty("model").GetProperty("id").GetString());
        }

        await stop.CancelAsync();
        try
        {
            await serving;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
