using System.Text.Json.Nodes;
using Mmoe.Captions;
using Mmoe.Models.Evaluation;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Captions;

/// <summary>A captions file replacing a dataset's own captions, as train and eval do with --captions.</summary>
public sealed class DatasetWithCaptionsTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    private async Task<ReferenceDataset> DatasetAsync()
    {
        _temp.Write("data/train.jsonl", "{\"id\": \"t1\", \"text\": \"love mondays\", \"caption\": \"own caption\", \"label\": 1}\n{\"id\": \"t2\", \"text\": \"fine day\", \"label\": 0}\n");
        _temp.Write("data/val.jsonl", "{\"id\": \"v1\", \"text\": \"great, rain\", \"caption\": \"own rain\", \"label\": 1}\n");
        return await ReferenceDataset.LoadUserAsync(Path.Combine(_temp.Path, "data"), DetectionTask.Sarcasm);
    }

    private static DatasetCaptions Captions(params (string Id, string Caption)[] captions) => new()
    {
        Captions = captions.ToDictionary(pair => pair.Id, pair => pair.Caption),
        Captioner = new CaptionerIdentity("mtmd", new JsonObject { ["maxTokens"] = 8 }),
        Path = "/somewhere/mmsd-captions.jsonl",
        Sha256 = "abc",
    };

    [Fact]
    public async Task Every_caption_comes_from_the_file_and_the_dataset_records_which_captioner_wrote_them()
    {
        var data = await DatasetAsync();

        var captioned = data.WithCaptions(Captions(("t2", "a sunny street"), ("v1", "grey clouds")));

        Assert.Equal([null, "a sunny street"], captioned.Train.Select(item => item.Post.Caption));
        Assert.Equal(["grey clouds"], captioned.Validation.Select(item => item.Post.Caption));
        Assert.NotEqual(data.Fingerprint, captioned.Fingerprint);
        Assert.Equal("mmsd-captions.jsonl", captioned.CaptionSource!["file"]!.GetValue<string>());
        Assert.Equal("mtmd", captioned.CaptionSource["captioner"]!["name"]!.GetValue<string>());
        Assert.Contains(captioned.Notes, note => note.Contains("2 of 3 posts have one", StringComparison.Ordinal)
            && note.Contains("the dataset's own captions (2 posts) are not used", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Captions_that_name_no_post_of_the_dataset_are_refused()
    {
        var data = await DatasetAsync();

        var error = Assert.Throws<InvalidDataException>(() => data.WithCaptions(Captions(("x1", "a cat"), ("x2", "a dog"))));

        Assert.Contains("None of the 2 captions", error.Message, StringComparison.Ordinal);
        Assert.Contains("another dataset", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Captions_for_posts_the_dataset_lacks_are_counted_in_a_note()
    {
        var data = await DatasetAsync();

        var captioned = data.WithCaptions(Captions(("t1", "a cat"), ("gone", "a dog")));

        Assert.Contains(captioned.Notes, note => note.StartsWith("1 captions in mmsd-captions.jsonl name posts", StringComparison.Ordinal));
    }
}
