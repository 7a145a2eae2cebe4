using Mmoe.Reference;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Reference;

public sealed class DatasetFormatTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [InlineData("mustard", "MUStARD", DetectionTask.Sarcasm)]
    [InlineData("MMSD", "MMSD2.0", DetectionTask.Sarcasm)]
    [InlineData("urfunny", "URFunny", DetectionTask.Humor)]
    public void EachReferenceDatasetNamesItsFormatAndTask(string dataset, string displayName, DetectionTask task)
    {
        var format = DatasetFormat.ForDataset(dataset);
        Assert.NotNull(format);
        Assert.Equal(displayName, format.DisplayName);
        Assert.Equal(task, format.Task);
    }

    [Fact]
    public void AnUnknownDatasetNameHasNoFormat() => Assert.Null(DatasetFormat.ForDataset("my-posts"));

    [Fact]
    public async Task MmsdRecordsAreTweetsWithALabel()
    {
        var file = _temp.Write("mmsd_dataset_test.json", """{"1": {"text": "great , <user> .", "label": 1}, "2": {"text": "nice day", "label": 0}}""");
        var examples = await ReferenceReaders.ReadDatasetAsync(file, DatasetFormat.Mmsd);
        Assert.Equal(["great , <user> .", "nice day"], examples.Select(e => e.Text));
        Assert.Equal([true, false], examples.Select(e => e.Label));
        Assert.All(examples, e => Assert.Empty(e.Context));
    }

    [Fact]
    public async Task UrFunnyPunchlinesAreTheTextAndTheSentencesBeforeThemTheContext()
    {
        var file = _temp.Write("urfunny_dataset_test.json",
            """{"408": {"context_sentences": ["so yeah", "i draw"], "punchline_sentence": "newspapers", "label": 1}}""");
        var example = Assert.Single(await ReferenceReaders.ReadDatasetAsync(file, DatasetFormat.UrFunny));
        Assert.Equal("newspapers", example.Text);
        Assert.Equal([new DialogueTurn(null, "so yeah"), new DialogueTurn(null, "i draw")], example.Context);
        Assert.True(example.Label);
        Assert.Null(example.Speaker);
    }

    [Theory]
    [InlineData("""{"a": {"utterance": "u", "sarcasm": false}}""", "mustard")]
    [InlineData("""{"a": {"text": "t", "label": 0}}""", "mmsd")]
    [InlineData("""{"a": {"context_sentences": [], "punchline_sentence": "p", "label": 0}}""", "urfunny")]
    public async Task TheFormatIsDetectedFromTheFirstRecord(string content, string expected)
    {
        var file = _temp.Write("any.json", content);
        var (format, examples) = await ReferenceReaders.ReadDatasetFileAsync(file);
        Assert.Equal(expected, format!.Name);
        Assert.Single(examples);
    }

    [Theory]
    [InlineData("mmsd", """{"a": {"text": "t", "label": 1}, "b": {"label": 1}}""", "record 'b'", "missing 'text' (a MMSD2.0 record is {text, label})")]
    [InlineData("mmsd", """{"a": {"text": "t"}}""", "record 'a'", "no label: expected 'label'")]
    [InlineData("mmsd", """{"a": {"text": "t", "label": 2}}""", "record 'a'", "'label' must be true/false or 1/0, found 2")]
    [InlineData("mmsd", """{"a": {"text": 5, "label": 1}}""", "record 'a'", "'text' must be a string")]
    [InlineData("urfunny", """{"7": {"context_sentences": ["a"], "label": 1}}""", "record '7'", "missing 'punchline_sentence'")]
    [InlineData("urfunny", """{"7": {"context_sentences": "a", "punchline_sentence": "p", "label": 1}}""", "record '7'", "'context_sentences' must be an array of strings")]
    [InlineData("urfunny", """{"7": {"context_sentences": [1], "punchline_sentence": "p", "label": 1}}""", "record '7'", "'context_sentences[0]' must be a string")]
    [InlineData("urfunny", """{"7": {"punchline_sentence": "p", "label": "yes"}}""", "record '7'", "'label' must be true/false or 1/0")]
    [InlineData("urfunny", """{"7": {"punchline_sentence": "p"}}""", "record '7'", "no label")]
    [InlineData("mustard", """{"x": {"speaker": "A", "sarcasm": true}}""", "record 'x'", "missing 'utterance' (a MUStARD record is")]
    public async Task MalformedRecordsNameTheFileTheRecordAndTheField(string dataset, string content, string location, string problem)
    {
        var file = _temp.Write($"{dataset}_dataset_test.json", content);
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => ReferenceReaders.ReadDatasetAsync(file, DatasetFormat.ForDataset(dataset)));
        Assert.Equal(file, error.FilePath);
        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARecordNoFormatFitsNamesEveryFormatsFieldAndWhatItHas()
    {
        var file = _temp.Write("odd.json", """{"q1": {"tweet": "t", "y": 1}}""");
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => ReferenceReaders.ReadDatasetAsync(file));
        Assert.Equal("record 'q1'", error.Location);
        Assert.Contains("fits no known dataset format", error.Problem, StringComparison.Ordinal);
        foreach (var expected in new[] { "'utterance' (MUStARD", "'text' (MMSD2.0", "'punchline_sentence' (URFunny", "found 'tweet', 'y'" })
        {
            Assert.Contains(expected, error.Problem, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task UserPostsCarryCaptionContextAndSpeaker()
    {
        var file = _temp.Write("train.jsonl",
            """
            {"id": "p1", "text": "Love waiting.", "caption": "A queue.", "context": ["Bus late?", {"speaker": "ANA", "text": "Again."}], "speaker": "BO", "label": true}

            {"id": "p2", "text": "Nice.", "label": 0}
            """);
        var examples = await PostsJsonl.ReadExamplesAsync(file);
        Assert.Equal(2, examples.Count);
        var first = examples[0];
        Assert.Equal(("p1", "Love waiting.", "A queue.", "BO", true), (first.Id, first.Text, first.Caption, first.Speaker, first.Label));
        Assert.Equal([new DialogueTurn(null, "Bus late?"), new DialogueTurn("ANA", "Again.")], first.Context);
        Assert.Equal("A queue.", first.ToPost().Caption);
        Assert.False(examples[1].Label);
    }

    [Theory]
    [InlineData("""{"id": "a", "label": 1}""", "line 1", "missing 'text'")]
    [InlineData("""{"text": "t", "label": 1}""", "line 1", "missing 'id'")]
    [InlineData("""{"id": "a", "text": "t"}""", "line 1", "missing 'label'")]
    [InlineData("""{"id": "a", "text": "t", "label": "yes"}""", "line 1", "'label' must be true/false or 1/0")]
    [InlineData("""{"id": "a", "text": "t", "label": 1, "context": "before"}""", "line 1", "'context' must be an array")]
    [InlineData("""{"id": "a", "text": "t", "label": 1, "context": [3]}""", "line 1", "'context[0]' must be a string or")]
    [InlineData("""{"id": "a", "text": "t", "label": 1, "caption": 7}""", "line 1", "'caption' must be a string")]
    [InlineData("{\"id\": \"a\", \"text\": \"t\", \"label\": 1}\n{\"id\": \"a\", \"text\": \"u\", \"label\": 0}", "line 2", "id 'a' appears a second time (first on line 1)")]
    [InlineData("{\"id\": \"a\", \"text\": \"t\", \"label\": 1}\n{oops", "line 2", "not valid JSON")]
    public async Task MalformedUserPostsNameTheFileTheLineAndTheField(string content, string location, string problem)
    {
        var file = _temp.Write("val.jsonl", content);
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => PostsJsonl.ReadExamplesAsync(file));
        Assert.Equal(file, error.FilePath);
        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PostsToJudgeNeedNoIdOrLabel()
    {
        var file = _temp.Write("posts.jsonl", "{\"text\": \"a\"}\n{\"id\": \"x\", \"text\": \"b\"}");
        var posts = await PostsJsonl.ReadPostsAsync(file);
        Assert.Equal(["1", "x"], posts.Select(p => p.Id));
    }

    [Fact]
    public async Task UserUnimodalPredictionsAreJsonLinesOfIdAndPred()
    {
        var file = _temp.Write("image_only_predictions.jsonl", "{\"id\": \"a\", \"pred\": 1, \"yes\": 0.8}\n{\"id\": \"b\", \"pred\": false}");
        var predictions = await ReferenceReaders.ReadUnimodalPredictionsAsync(file);
        Assert.True(predictions["a"].Prediction);
        Assert.Equal(0.8, predictions["a"].YesProbability);
        Assert.False(predictions["b"].Prediction);

        var bad = _temp.Write("text_only_predictions.jsonl", "{\"id\": \"a\"}");
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => ReferenceReaders.ReadUnimodalPredictionsAsync(bad));
        Assert.Equal(("line 1", "missing 'pred'."), (error.Location, error.Problem));
    }
}
