using System.Text.Json.Nodes;
using Mmoe.Captions;
using Mmoe.Reference;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Captions;

public sealed class CaptionsFileTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private static readonly CaptionerIdentity Identity = new("mtmd", new JsonObject { ["model"] = new JsonObject { ["sha256"] = "ab" }, ["maxTokens"] = 8 });

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Written_captions_read_back_with_their_captioner_and_posts_without_a_caption_have_no_line()
    {
        var path = Path.Combine(_temp.Path, "out", "captions.jsonl");
        PostCaption[] posts =
        [
            new("b", "b.png", "22", "A dog, \"smiling\".", CaptionOutcome.Captioned),
            new("a", "a.png", "11", "Ein Hund – ünïcode", CaptionOutcome.FromCache),
            new("c", null, null, null, CaptionOutcome.NoImage),
        ];

        await CaptionsFile.WriteAsync(path, Identity, "mmsd", posts);
        var read = await CaptionsFile.ReadAsync(path);

        var lines = File.ReadAllLines(path);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("{\"mmoe_captions\":1,\"dataset\":\"mmsd\",\"captioner\":{\"name\":\"mtmd\"", lines[0], StringComparison.Ordinal);
        Assert.Equal("{\"image\":\"a\",\"caption\":\"Ein Hund – ünïcode\",\"image_sha256\":\"11\"}", lines[1]);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "Ein Hund – ünïcode", ["b"] = "A dog, \"smiling\"." }, read.Captions);
        Assert.Equal(Identity.Key, read.Captioner!.Key);
        Assert.Equal("mmsd", read.Dataset);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(path))), read.Sha256);
        Assert.Equal("captions.jsonl", read.ToJson()["file"]!.GetValue<string>());
    }

    [Fact]
    public async Task Two_files_concatenated_are_refused_as_a_mix_of_two_captioners()
    {
        var first = Path.Combine(_temp.Path, "one.jsonl");
        var second = Path.Combine(_temp.Path, "two.jsonl");
        await CaptionsFile.WriteAsync(first, Identity, "mmsd", [new PostCaption("a", "a.png", "11", "x", CaptionOutcome.Captioned)]);
        await CaptionsFile.WriteAsync(second, new CaptionerIdentity("onnx-captioner", new JsonObject()), "mmsd", [new PostCaption("b", "b.png", "22", "y", CaptionOutcome.Captioned)]);
        var mixed = Path.Combine(_temp.Path, "mixed.jsonl");
        File.WriteAllText(mixed, File.ReadAllText(first) + File.ReadAllText(second));

        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => CaptionsFile.ReadAsync(mixed));

        Assert.Equal("line 3", error.Location);
        Assert.Contains("two captioning runs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reference_captions_file_without_a_header_reads_with_no_captioner()
    {
        var path = _temp.Write("image_captions.jsonl", "{\"image\": \"1_4477\", \"caption\": \"Two people talk.\"}\n\n{\"image\": \"2_442\", \"caption\": \"A woman sits.\"}\n");

        var read = await CaptionsFile.ReadAsync(path);

        Assert.Null(read.Captioner);
        Assert.Equal(["1_4477", "2_442"], read.Captions.Keys.Order(StringComparer.Ordinal));
        Assert.Null(read.ToJson()["captioner"]);
    }

    [Theory]
    [InlineData("{\"image\": \"a\", \"caption\": \"x\"}\n{\"image\": \"a\", \"caption\": \"y\"}\n", "line 2", "id 'a' appears a second time")]
    [InlineData("{\"image\": \"a\"}\n", "line 1", "caption")]
    [InlineData("{\"image\": \"a\", \"caption\": \" \"}\n", "line 1", "empty")]
    [InlineData("{\"mmoe_captions\": 2, \"captioner\": {}}\n", "line 1", "version 2")]
    public async Task A_bad_line_is_an_error_naming_the_file_and_line(string content, string location, string problem)
    {
        var path = _temp.Write("bad.jsonl", content);

        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => CaptionsFile.ReadAsync(path));

        Assert.Equal(path, error.FilePath);
        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_edited_captioner_record_is_refused_by_its_key()
    {
        var path = Path.Combine(_temp.Path, "captions.jsonl");
        await CaptionsFile.WriteAsync(path, Identity, "mmsd", [new PostCaption("a", "a.png", "11", "x", CaptionOutcome.Captioned)]);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"maxTokens\":8", "\"maxTokens\":9", StringComparison.Ordinal));

        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => CaptionsFile.ReadAsync(path));

        Assert.Contains("does not match its name and settings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_captioner_key_depends_on_every_setting_and_on_nothing_else()
    {
        var same = new CaptionerIdentity("mtmd", new JsonObject { ["model"] = new JsonObject { ["sha256"] = "ab" }, ["maxTokens"] = 8 });
        var other = new CaptionerIdentity("mtmd", new JsonObject { ["model"] = new JsonObject { ["sha256"] = "ac" }, ["maxTokens"] = 8 });
        var renamed = new CaptionerIdentity("onnx-captioner", new JsonObject { ["model"] = new JsonObject { ["sha256"] = "ab" }, ["maxTokens"] = 8 });

        Assert.Equal(Identity.Key, same.Key);
        Assert.NotEqual(Identity.Key, other.Key);
        Assert.NotEqual(Identity.Key, renamed.Key);
        Assert.Equal(64, Identity.Key.Length);
        Assert.Equal(Identity.Key, CaptionerIdentity.FromJson(Identity.ToJson(), "test").Key);
    }
}
