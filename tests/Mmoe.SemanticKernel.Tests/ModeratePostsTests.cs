using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.SemanticKernel;

namespace Mmoe.SemanticKernel.Tests;

public sealed class ModeratePostsTests
{
    private static Task<ModerationReport> ModerateAsync(Kernel kernel, IReadOnlyList<PostInput?> posts) =>
        kernel.InvokeAsync<ModerationReport>(MmoePlugin.PluginName, "moderate_posts", new() { ["posts"] = posts })!;

    [Fact]
    public async Task Each_post_gets_its_own_verdict_or_its_own_error_and_bad_posts_never_fail_the_batch()
    {
        var posts = new PostInput?[]
        {
            new() { Id = "ok-1", Text = "Oh great, just what I needed", Caption = "a flooded street in the rain" },
            new() { Id = "empty", Text = "  " },
            new() { Id = "crash", Text = "fine " + LexicalTestDetector.CrashMarker },
            null,
            new() { Id = "path", Text = "Nice", Caption = "a cat", Image = "/etc/passwd" },
            new() { Id = "ok-2", Text = "The meeting is at noon." },
        };

        var report = (await ModerateAsync(TestKernels.Create(), posts))!;

        Assert.Equal([0, 1, 2, 3, 4, 5], report.Items.Select(item => item.Index));
        Assert.Equal(["ok-1", "empty", "crash", null, "path", "ok-2"], report.Items.Select(item => item.Id));
        var expected1 = TestKernels.Expected("Oh great, just what I needed", "a flooded street in the rain");
        Assert.Equal(expected1.Probability, report.Items[0].Verdict!.Probability);
        Assert.Equal(TestKernels.Expected("The meeting is at noon.").Probability, report.Items[5].Verdict!.Probability);
        Assert.Equal(
            [null, ToolErrorCodes.EmptyText, ToolErrorCodes.DetectorFailed, ToolErrorCodes.MissingPost, ToolErrorCodes.ImagePathsDisabled, null],
            report.Items.Select(item => item.Error?.Code));
        Assert.All(report.Items, item => Assert.True(item.Verdict is null != (item.Error is null)));
        Assert.DoesNotContain(LexicalTestDetector.SecretInCrashMessage, report.Items[2].Error!.Message, StringComparison.Ordinal);
        Assert.Equal(4, report.Errors);
        Assert.Equal(new[] { expected1.IsSarcastic, TestKernels.Expected("The meeting is at noon.").IsSarcastic }.Count(s => s), report.Sarcastic);
        Assert.Equal(2, report.ByDrivingInteraction.Values.Sum());
    }

    [Fact]
    public async Task A_batch_arriving_as_json_from_a_model_is_bound_and_judged()
    {
        var function = TestKernels.Create().GetMmoeFunctions().Single(f => f.Name == "moderate_posts");
        using var json = JsonDocument.Parse("""{"posts":[{"id":"a","text":"Totally love Mondays 🙄"},{"id":"b","text":""}]}""");

        var result = (JsonElement)(await function.InvokeAsync(new AIFunctionArguments { ["posts"] = json.RootElement.GetProperty("posts").Clone() }))!;

        var items = result.GetProperty("items");
        Assert.Equal(TestKernels.Expected("Totally love Mondays 🙄").Probability, items[0].GetProperty("verdict").GetProperty("probability").GetDouble());
        Assert.Equal(ToolErrorCodes.EmptyText, items[1].GetProperty("error").GetProperty("code").GetString());
        Assert.Equal(1, result.GetProperty("errors").GetInt32());
    }

    [Fact]
    public async Task An_empty_or_oversized_batch_is_refused_as_a_whole()
    {
        var kernel = TestKernels.Create(options => options.MaxBatchSize = 2);

        Assert.Equal(ToolErrorCodes.EmptyBatch, (await Assert.ThrowsAsync<MmoeToolException>(() => ModerateAsync(kernel, []))).Code);
        var error = await Assert.ThrowsAsync<MmoeToolException>(() => ModerateAsync(kernel, [new() { Text = "a" }, new() { Text = "b" }, new() { Text = "c" }]));
        Assert.Equal(ToolErrorCodes.BatchTooLarge, error.Code);
        Assert.Contains("at most 2", error.Message, StringComparison.Ordinal);
    }
}
