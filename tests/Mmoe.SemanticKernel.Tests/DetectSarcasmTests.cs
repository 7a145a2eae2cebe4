using System.Globalization;
using Microsoft.SemanticKernel;

namespace Mmoe.SemanticKernel.Tests;

public sealed class DetectSarcasmTests
{
    private readonly Kernel _kernel = TestKernels.Create();

    [Fact]
    public async Task The_verdict_carries_the_detectors_numbers_and_the_post_caption()
    {
        const string text = "Oh great, just what I needed on my day off";
        const string caption = "a flooded street in the rain";
        var expected = TestKernels.Expected(text, caption);

        var verdict = await _kernel.DetectAsync(text, caption);

        Assert.Equal(expected.IsSarcastic, verdict.IsSarcastic);
        Assert.Equal(expected.Probability, verdict.Probability);
        Assert.Equal(expected.DrivingInteraction, verdict.DrivingInteraction);
        Assert.Equal(expected.InteractionWeights.Synergy, verdict.InteractionWeights.Synergy);
        Assert.Equal(expected.Experts.Uniqueness, verdict.Experts.Uniqueness);
        Assert.Equal(expected.Unimodal.ImageOnly, verdict.Unimodal.ImageOnly);
        Assert.Equal(new CaptionResult { Source = CaptionResult.FromCaller, Text = null, Characters = caption.Length, Truncated = false }, verdict.Caption);
        Assert.Equal(new ModelResult("lexical-test", "1"), verdict.Model);
        Assert.Empty(verdict.Warnings);
    }

    [Fact]
    public async Task The_explanation_states_the_evidence_the_driving_expert_and_the_verdict()
    {
        const string text = "Oh great, just what I needed on my day off";
        const string caption = "a flooded street in the rain";
        var expected = TestKernels.Expected(text, caption);

        var verdict = await _kernel.DetectAsync(text, caption);

        Assert.Equal(InteractionType.Synergy, expected.DrivingInteraction);
        Assert.Contains($"(p={expected.Unimodal.TextOnly!.Value.ToString("0.00", CultureInfo.InvariantCulture)})", verdict.Explanation, StringComparison.Ordinal);
        Assert.Contains("The synergy expert", verdict.Explanation, StringComparison.Ordinal);
        Assert.EndsWith($"{(expected.IsSarcastic ? "sarcastic" : "not sarcastic")} (p={expected.Probability.ToString("0.00", CultureInfo.InvariantCulture)}).", verdict.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_interaction_returns_the_attribution_alone()
    {
        const string text = "Totally love waiting in this queue";
        const string caption = "a long queue at a counter";
        var expected = TestKernels.Expected(text, caption);

        var analysis = (await _kernel.InvokeAsync<InteractionAnalysis>(MmoePlugin.PluginName, "explain_interaction", new() { ["text"] = text, ["caption"] = caption }))!;

        Assert.Equal(expected.DrivingInteraction, analysis.DrivingInteraction);
        Assert.Equal(expected.InteractionWeights.Redundancy, analysis.InteractionWeights.Redundancy);
        Assert.Equal(expected.Unimodal.TextOnly, analysis.Unimodal.TextOnly);
        Assert.Contains("drives the judgement", analysis.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain("verdict", analysis.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Context_lines_reach_the_detector_as_dialogue_turns_with_speakers()
    {
        var detector = new RecordingDetector();
        var kernel = RecordingDetector.Kernel(detector);

        await kernel.DetectAsync("Sure, that went well", context: "SHELDON: I fixed the router.\nit only took six hours\n\n");

        var post = Assert.Single(detector.Posts);
        Assert.Equal([new Mmoe.DialogueTurn("SHELDON", "I fixed the router."), new Mmoe.DialogueTurn(null, "it only took six hours")], post.Context);
        Assert.Null(post.Image);
    }

    [Fact]
    public async Task A_raised_threshold_applies_to_the_fused_probability()
    {
        const string text = "Oh great, just what I needed on my day off";
        const string caption = "a flooded street in the rain";
        var expected = TestKernels.Expected(text, caption);
        Assert.True(expected.IsSarcastic && expected.Probability < 0.95);

        var strict = TestKernels.Create(options => options.Threshold = 0.95);
        var verdict = await strict.DetectAsync(text, caption);

        Assert.False(verdict.IsSarcastic);
        Assert.Equal(expected.Probability, verdict.Probability);
        Assert.Contains(": not sarcastic", verdict.Explanation, StringComparison.Ordinal);
    }
}
