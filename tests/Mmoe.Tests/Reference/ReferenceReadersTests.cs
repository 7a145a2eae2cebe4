using Mmoe.Reference;
using Mmoe.Tests.TestData;

namespace Mmoe.Tests.Reference;

public sealed class ReferenceReadersTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ExpertLogitsAcceptBooleanAndIntegerTargets()
    {
        var file = _temp.Write("logits.jsonl",
            """
            {"image_id": "a", "logits": [0.5, -1.25], "target": true}

            {"image_id": "b", "logits": [1, 2], "target": 0}
            """);
        var read = await ReferenceReaders.ReadExpertLogitsAsync(file);
        Assert.Equal([new ExpertLogitsRecord("a", new BinaryLogits(0.5, -1.25), true), new ExpertLogitsRecord("b", new BinaryLogits(1, 2), false)], read.Records);
        Assert.Empty(read.Warnings());
    }

    [Fact]
    public async Task ARepeatedIdKeepsItsLastLineInTheOrderItFirstAppearedAndIsReported()
    {
        var file = _temp.Write("albef_logits.jsonl",
            """
            {"image_id": "a", "text": "t", "pred": 1, "logits": [0, 1], "target": 1}
            {"image_id": "b", "logits": [1, 0], "target": 0}
            {"image_id": "a", "logits": [2, 0], "target": 1}
            """);
        var read = await ReferenceReaders.ReadExpertLogitsAsync(file);
        Assert.Equal([new ExpertLogitsRecord("a", new BinaryLogits(2, 0), true), new ExpertLogitsRecord("b", new BinaryLogits(1, 0), false)], read.Records);
        Assert.Equal(["a"], read.RepeatedIds);
        Assert.Contains("repeats 1 ids (a)", Assert.Single(read.Warnings()), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LogitsBeyondNoAndYesAreDroppedAndCounted()
    {
        var file = _temp.Write("blip2_logits.jsonl", "{\"image_id\": \"a\", \"logits\": [1, 2, 9], \"target\": 1}");
        var read = await ReferenceReaders.ReadExpertLogitsAsync(file);
        Assert.Equal(new BinaryLogits(1, 2), Assert.Single(read.Records).Logits);
        Assert.Equal(1, read.LinesWithExtraLogits);
        Assert.Contains("first two are read as [no, yes]", Assert.Single(read.Warnings()), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"image_id\": \"a\", \"logits\": [1, 2], \"target\": true}\n{\"image_id\": \"b\", \"logits\": [1], \"target\": true}", "line 2", "two numbers")]
    [InlineData("{\"image_id\": \"a\", \"logits\": [1, 2]}", "line 1", "missing 'target'")]
    [InlineData("{\"image_id\": \"a\", \"logits\": [1, 2], \"target\": 2}", "line 1", "true/false or 1/0")]
    [InlineData("{\"image_id\": \"a\", \"logits\": [1, \"x\"], \"target\": 1}", "line 1", "finite number")]
    [InlineData("{\"logits\": [1, 2], \"target\": 1}", "line 1", "missing 'image_id'")]
    [InlineData("{\"image_id\": \"a\", \"logits\": [1, 2], \"target\": 1}\n{\"image_id\": \"a\", \"logits\": [1, 2], \"target\": 0}", "line 2", "second time with target False; line 1 says True")]
    [InlineData("{\"image_id\": \"a\", \"logits\": [1, 2], \"target\": 1}\n{not json", "line 2", "not valid JSON")]
    [InlineData("[1, 2]", "line 1", "expected a JSON object")]
    public async Task MalformedExpertLogitsNameTheFileTheLineAndTheProblem(string content, string location, string problem)
    {
        var file = _temp.Write("bad_logits.jsonl", content);
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => ReferenceReaders.ReadExpertLogitsAsync(file));
        Assert.Equal(file, error.FilePath);
        Assert.Equal(location, error.Location);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.StartsWith(file, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouterLogitsNeedAllThreeScores()
    {
        var file = _temp.Write("rus.jsonl", "{\"image_id\": \"a\", \"logits\": {\"R\": 1, \"U\": 2}}");
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => ReferenceReaders.ReadRouterLogitsAsync(file));
        Assert.Contains("'AS'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RouterLogitsAreReadAsRUAndS()
    {
        var file = _temp.Write("rus.jsonl", "{\"image_id\": \"a\", \"logits\": {\"R\": 1, \"U\": -2, \"AS\": 0.5}}");
        var scores = await ReferenceReaders.ReadRouterLogitsAsync(file);
        Assert.Equal(new InteractionScores(1, -2, 0.5), scores["a"]);
    }

    [Fact]
    public async Task DatasetRecordsBecomeExamplesWithSpeakersOnEachTurn()
    {
        var file = _temp.Write("toy_dataset_test.json",
            """
            {"x1": {"utterance": "Oh great.", "speaker": "SHELDON", "context": ["It broke.", "Again?"], "context_speakers": ["LEONARD", "PENNY"], "show": "BBT", "sarcasm": true},
             "x2": {"utterance": "Thanks.", "label": 0}}
            """);
        var examples = await ReferenceReaders.ReadDatasetAsync(file);
        Assert.Equal(2, examples.Count);
        Assert.Equal([new DialogueTurn("LEONARD", "It broke."), new DialogueTurn("PENNY", "Again?")], examples[0].Context);
        Assert.True(examples[0].Label);
        Assert.Equal("SHELDON", examples[0].Speaker);
        Assert.False(examples[1].Label);
        Assert.Empty(examples[1].Context);
    }

    [Theory]
    [InlineData("{\"x\": {\"utterance\": \"u\"}}", "record 'x'", "no label")]
    [InlineData("{\"x\": {\"utterance\": \"u\", \"sarcasm\": true, \"context\": [\"a\"], \"context_speakers\": [\"A\", \"B\"]}}", "record 'x'", "'context' has 1 turns")]
    [InlineData("{\"x\": {\"utterance\": \"u\", \"sarcasm\": true, \"context\": \"a\"}}", "record 'x'", "array of strings")]
    [InlineData("[]", "top level", "keyed by id")]
    [InlineData("{\"x\": 3}", "record 'x'", "expected an object")]
    [InlineData("{\"x\": {\"utterance\": \"u\",\n \"sarcasm\": tru}}", "line 2", "not valid JSON")]
    public async Task MalformedDatasetsNameTheRecordAndTheProblem(string content, string location, string problem)
    {
        var file = _temp.Write("bad_dataset.json", content);
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => ReferenceReaders.ReadDatasetAsync(file, DatasetFormat.Mustard));
        Assert.StartsWith(location, error.Location, StringComparison.Ordinal);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnimodalPredictionsNeedAPredictedLabel()
    {
        var file = _temp.Write("pred.json", "{\"a\": {\"logits\": {\"Yes\": 0.9, \"No\": 0.1}, \"pred\": 1}, \"b\": {\"logits\": {\"Yes\": 0.2, \"No\": 0.8}}}");
        var error = await Assert.ThrowsAsync<ReferenceFormatException>(() => ReferenceReaders.ReadUnimodalPredictionsAsync(file));
        Assert.Equal("record 'b'", error.Location);
        Assert.Contains("'pred'", error.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMissingFileSaysWhichFile()
    {
        var missing = Path.Combine(_temp.Path, "nope.jsonl");
        var error = await Assert.ThrowsAsync<FileNotFoundException>(() => ReferenceReaders.ReadExpertLogitsAsync(missing));
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
