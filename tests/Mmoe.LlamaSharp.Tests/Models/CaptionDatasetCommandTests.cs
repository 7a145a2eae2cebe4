using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mmoe.Captions;
using Mmoe.Cli;
using Mmoe.LlamaSharp.Native;
using Mmoe.LlamaSharp.Tests.Native;
using Mmoe.LlamaSharp.Tests.Utilities;

namespace Mmoe.LlamaSharp.Tests.Models;

/// <summary>
/// <c>mmoe caption --root --dataset --images --captions</c> with the mtmd captioner (the tiny Qwen2 GGUF and a tiny
/// random projector) on a small MMSD2.0-shaped dataset the test writes, then <c>train</c>, <c>detect</c> and <c>eval</c> on its captions.
/// </summary>
[Collection(TinyModelCollection.Name)]
public sealed class CaptionDatasetCommandTests(TinyModelFixture fixture)
{
    private const string MissingId = "9013";
    private const string CorruptId = "9007";

    /// <summary>Posts whose image has the same bytes as the first one's (a repost).</summary>
    private static readonly (string Repost, string Original) Duplicate = ("9011", "9002");

    private string Projector()
    {
        var path = fixture.TempFile("caption-mmproj.gguf");
        if (!File.Exists(path))
        {
            new TinyProjector(fixture.Spec.Embedding).Write(path, seed: 5);
        }

        return path;
    }

    private sealed record Dataset(string Root, string Images, IReadOnlyList<string> Ids);

    /// <summary>
    /// An MMSD2.0-shaped dataset (<c>{id: {text, label}}</c>, no captions) of 16 train, 8 val and 6 test tweets, with an
    /// image per post named by id: one post has none, one repeats another's bytes, and (optionally) one is no image.
    /// </summary>
    private Dataset Write(string name, bool corrupt)
    {
        var root = fixture.TempFile(name);
        var raw = Directory.CreateDirectory(Path.Combine(root, "mmsd", "data_raw")).FullName;
        var images = Directory.CreateDirectory(Path.Combine(root, "images")).FullName;
        var ids = new List<string>();
        var number = 9000;
        foreach (var (split, count) in new[] { ("train", 16), ("val", 8), ("test", 6) })
        {
            var records = new JsonObject();
            for (var i = 0; i < count; i++)
            {
                var id = (number++).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var sarcastic = i % 2 == 0;
                records[id] = new JsonObject
                {
                    ["text"] = sarcastic ? $"oh great , another monday <user> number {i}" : $"the weather today is mild , walk number {i}",
                    ["label"] = sarcastic ? 1 : 0,
                };
                ids.Add(id);
            }

            File.WriteAllText(Path.Combine(raw, $"mmsd_dataset_{split}.json"), records.ToJsonString());
        }

        for (var i = 0; i < ids.Count; i++)
        {
            var id = ids[i];
            if (id == MissingId)
            {
                continue;
            }

            // Even posts get bright images, odd ones dark: the captions can then carry some of the label.
            var bytes = id == Duplicate.Repost ? TinyProjector.GradientBmp(16, Shift(ids.IndexOf(Duplicate.Original))) : TinyProjector.GradientBmp(16, Shift(i));
            File.WriteAllBytes(Path.Combine(images, id + ".bmp"), corrupt && id == CorruptId ? [0x42, 0x4D, .. Enumerable.Repeat((byte)0xEE, 60)] : bytes);
        }

        return new Dataset(root, images, ids);
    }

    private static int Shift(int index) => (index % 2 == 0 ? 128 : 0) + (index * 5);

    private string[] Caption(Dataset data, string captions, string cache) =>
    [
        "caption", "--root", data.Root, "--dataset", "mmsd", "--images", data.Images, "--captions", captions,
        "--gguf", fixture.ModelPath, "--mmproj", Projector(), "--max-tokens", "6", "--feature-cache", cache, "--json",
    ];

    [Fact]
    public async Task Caption_writes_one_caption_per_post_image_reruns_from_the_cache_and_recaptions_a_changed_image()
    {
        var data = Write("caption-cycle", corrupt: true);
        var captions = Path.Combine(data.Root, "mmsd-captions.jsonl");
        var cache = fixture.TempFile("caption-cycle-cache");
        var distinct = data.Ids.Count - 2; // no image for one post; one post repeats another's bytes

        var first = await RunAsync(Caption(data, captions, cache));

        // The corrupt image fails the exit code, not the run: every other caption is written.
        Assert.True(first.Code == 1, first.Error);
        var report = JsonDocument.Parse(first.Output).RootElement;
        Assert.Equal(distinct - 1, report.GetProperty("images_captioned").GetInt32());
        Assert.Equal(0, report.GetProperty("images_from_cache").GetInt32());
        Assert.Equal(1, report.GetProperty("images_failed").GetInt32());
        Assert.Equal(1, report.GetProperty("posts_sharing_an_image").GetInt32());
        Assert.Equal(1, report.GetProperty("posts_without_image").GetInt32());
        Assert.Equal([MissingId], report.GetProperty("missing").EnumerateArray().Select(e => e.GetString()));
        var failure = Assert.Single(report.GetProperty("failed").EnumerateArray());
        Assert.Equal(CorruptId, failure.GetProperty("post").GetString());
        Assert.Contains("could not decode the image", failure.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Contains($"warning: post {CorruptId}:", first.Error, StringComparison.Ordinal);
        Assert.Contains($"note: 1 posts have no image in {data.Images} (e.g. {MissingId})", first.Error, StringComparison.Ordinal);

        var written = await CaptionsFile.ReadAsync(captions);
        Assert.Equal(data.Ids.Count - 2, written.Captions.Count);
        Assert.DoesNotContain(MissingId, written.Captions.Keys);
        Assert.DoesNotContain(CorruptId, written.Captions.Keys);
        Assert.Equal(written.Captions[Duplicate.Original], written.Captions[Duplicate.Repost]);
        Assert.Equal("mtmd", written.Captioner!.Name);
        Assert.Equal((await CaptionerIdentity.DescribeFileAsync(fixture.ModelPath)).ToJsonString(), written.Captioner.Settings["model"]!.ToJsonString());
        Assert.Equal(6, written.Captioner.Settings["maxTokens"]!.GetValue<int>());
        // The file's caption is what the captioner itself says of that image.
        using (var captioner = MtmdImageToText.Create(fixture.ModelPath, Projector(), maxTokens: 6))
        {
            var direct = await captioner.DescribeAsync(PostImage.FromFile(Path.Combine(data.Images, data.Ids[3] + ".bmp")));
            Assert.Equal(direct, written.Captions[data.Ids[3]]);
        }

        var second = await RunAsync(Caption(data, captions, cache));

        Assert.True(second.Code == 1, second.Error);
        var again = JsonDocument.Parse(second.Output).RootElement;
        Assert.Equal(0, again.GetProperty("images_captioned").GetInt32());
        Assert.Equal(distinct - 1, again.GetProperty("images_from_cache").GetInt32());
        Assert.Equal(1, again.GetProperty("images_failed").GetInt32());
        Assert.Equal(distinct - 1, Directory.EnumerateFiles(cache, "*.caption", SearchOption.AllDirectories).Count());
        Assert.Equal(written.Sha256, (await CaptionsFile.ReadAsync(captions)).Sha256);

        var changed = data.Ids[5];
        var before = File.ReadAllBytes(Path.Combine(data.Images, changed + ".bmp"));
        File.WriteAllBytes(Path.Combine(data.Images, changed + ".bmp"), TinyProjector.GradientBmp(16, 250));
        var third = await RunAsync(Caption(data, captions, cache));

        var after = JsonDocument.Parse(third.Output).RootElement;
        Assert.Equal(1, after.GetProperty("images_captioned").GetInt32());
        Assert.Equal(distinct - 2, after.GetProperty("images_from_cache").GetInt32());
        var line = File.ReadLines(captions).Select(text => JsonNode.Parse(text)!).Single(node => node["image"]?.GetValue<string>() == changed);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(TinyProjector.GradientBmp(16, 250))), line["image_sha256"]!.GetValue<string>());
        Assert.NotEqual(Convert.ToHexStringLower(SHA256.HashData(before)), line["image_sha256"]!.GetValue<string>());
    }

    [Fact]
    public async Task Train_reads_the_captions_records_their_captioner_and_the_model_reads_captions()
    {
        var data = Write("caption-train", corrupt: false);
        var captions = Path.Combine(data.Root, "mmsd-captions.jsonl");
        var captioned = await RunAsync(Caption(data, captions, fixture.TempFile("caption-train-cache")));
        Assert.True(captioned.Code == 0, captioned.Error);
        var file = await CaptionsFile.ReadAsync(captions);

        var withCaptions = fixture.TempFile("caption-train-model");
        var withoutCaptions = fixture.TempFile("caption-train-model-text-only");
        string[] train = ["train", "--root", data.Root, "--dataset", "mmsd", "--epochs", "3", "--json"];
        var trained = await RunAsync([.. train, "--captions", captions, "--out", withCaptions]);
        var textOnly = await RunAsync([.. train, "--out", withoutCaptions]);

        Assert.True(trained.Code == 0, trained.Error);
        Assert.True(textOnly.Code == 0, textOnly.Error);
        Assert.Contains($"Captions from mmsd-captions.jsonl (captioner mtmd {file.Captioner!.Key[..12]}): {data.Ids.Count - 1} of {data.Ids.Count} posts have one", trained.Error, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(withCaptions, "manifest.json")))!;
        var recorded = manifest["training"]!["captions"]!;
        Assert.Equal("mmsd-captions.jsonl", recorded["file"]!.GetValue<string>());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(captions))), recorded["sha256"]!.GetValue<string>());
        Assert.Equal(file.Captioner.Key, recorded["captioner"]!["key"]!.GetValue<string>());
        Assert.Equal("mtmd", recorded["captioner"]!["name"]!.GetValue<string>());
        // The caption judge is trained only when the posts carry captions.
        Assert.NotNull(manifest["training"]!["heads"]!["image judge"]!["validationLoss"]);
        var plain = JsonNode.Parse(File.ReadAllText(Path.Combine(withoutCaptions, "manifest.json")))!;
        Assert.Null(plain["training"]!["captions"]);
        Assert.Null(plain["training"]!["heads"]!["image judge"]!["validationLoss"]);

        // A train post's own caption moves the verdict, and the trained caption judge answers for it.
        var post = data.Ids[0];
        var text = "oh great , another monday <user> number 0";
        var seen = await RunAsync("detect", "--model", withCaptions, text, "--caption", file.Captions[post], "--json");
        var unseen = await RunAsync("detect", "--model", withCaptions, text, "--json");
        Assert.True(seen.Code == 0, seen.Error);
        var withCaption = JsonDocument.Parse(seen.Output).RootElement;
        var withoutCaption = JsonDocument.Parse(unseen.Output).RootElement;
        var imageOnly = withCaption.GetProperty("unimodal").GetProperty("imageOnly").GetDouble();
        Assert.NotEqual(0.5, imageOnly, 6);
        Assert.Equal(JsonValueKind.Null, withoutCaption.GetProperty("unimodal").GetProperty("imageOnly").ValueKind);
        Assert.NotEqual(withCaption.GetProperty("probability").GetDouble(), withoutCaption.GetProperty("probability").GetDouble(), 9);

        // eval reads the same captions: the caption judge is scored on the test posts that have one.
        var evaluated = await RunAsync("eval", "--model", withCaptions, "--root", data.Root, "--dataset", "mmsd", "--captions", captions, "--json");
        Assert.True(evaluated.Code == 0, evaluated.Error);
        var evaluation = JsonDocument.Parse(evaluated.Output).RootElement;
        Assert.Equal(6, evaluation.GetProperty("image_only").GetProperty("n").GetInt32());
        Assert.DoesNotContain("warning: The model was trained on the captions", evaluated.Error, StringComparison.Ordinal);
        // Without them, the numbers are not the model's: eval says so, and there is no caption judge to score.
        var bare = await RunAsync("eval", "--model", withCaptions, "--root", data.Root, "--dataset", "mmsd", "--json");
        Assert.True(bare.Code == 0, bare.Error);
        Assert.Contains("warning: The model was trained on the captions in mmsd-captions.jsonl (captioner mtmd", bare.Error, StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(bare.Output).RootElement.TryGetProperty("image_only", out _));
    }

    private static async Task<(int Code, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        // mmoe-train's command tree: mmoe's commands plus the real train command.
        var code = await Mmoe.Training.Cli.TrainingCommandLine.InvokeAsync(args, new CliContext(output, error));
        return (code, output.ToString(), error.ToString());
    }
}
