using System.Text.Json;
using Microsoft.Extensions.AI;

namespace Mmoe.SemanticKernel.Tests;

public sealed class FunctionSchemaTests
{
    private static readonly IReadOnlyList<AIFunction> Functions = TestKernels.Create().GetMmoeFunctions();

    private static AIFunction Function(string name) => Functions.Single(function => function.Name == name);

    [Fact]
    public void The_plugin_exposes_exactly_the_three_tools_under_their_own_names()
    {
        Assert.Equal(["detect_sarcasm", "explain_interaction", "moderate_posts"], Functions.Select(function => function.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("detect_sarcasm", "sarcastic")]
    [InlineData("explain_interaction", "interaction")]
    [InlineData("moderate_posts", "batch")]
    public void Each_tool_has_a_description(string name, string keyword)
    {
        Assert.Contains(keyword, Function(name).Description, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("detect_sarcasm")]
    [InlineData("explain_interaction")]
    public void Single_post_tools_take_a_required_text_and_optional_caption_image_and_context(string name)
    {
        var schema = Function(name).JsonSchema;
        var properties = schema.GetProperty("properties");
        Assert.Equal(["text", "caption", "image", "context"], properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["text"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        foreach (var property in properties.EnumerateObject())
        {
            Assert.Equal("string", property.Value.GetProperty("type").GetString());
        }

        Assert.Contains("verbatim", Description(properties, "text"), StringComparison.Ordinal);
        Assert.Contains("description of the post's image", Description(properties, "caption"), StringComparison.Ordinal);
        Assert.Contains("data URI", Description(properties, "image"), StringComparison.Ordinal);
        Assert.Contains("allowed image folders", Description(properties, "image"), StringComparison.Ordinal);
        Assert.Contains("oldest first", Description(properties, "context"), StringComparison.Ordinal);
    }

    [Fact]
    public void Moderate_posts_takes_a_required_array_of_described_post_objects()
    {
        var schema = Function("moderate_posts").JsonSchema;
        Assert.Equal(["posts"], schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        var posts = schema.GetProperty("properties").GetProperty("posts");
        Assert.Equal("array", posts.GetProperty("type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(posts.GetProperty("description").GetString()));
        var item = posts.GetProperty("items").GetProperty("properties");
        Assert.Equal(["id", "text", "caption", "image", "context"], item.EnumerateObject().Select(p => p.Name));
        Assert.All(item.EnumerateObject(), p => Assert.False(string.IsNullOrWhiteSpace(p.Value.GetProperty("description").GetString())));
    }

    [Fact]
    public void Detect_sarcasm_publishes_the_schema_of_its_typed_result()
    {
        var schema = Function("detect_sarcasm").ReturnJsonSchema!.Value;
        var properties = schema.GetProperty("properties");
        Assert.Equal(
            ["isSarcastic", "probability", "drivingInteraction", "interactionWeights", "experts", "unimodal", "caption", "model", "explanation", "warnings"],
            properties.EnumerateObject().Select(p => p.Name));
        Assert.Equal(["redundancy", "uniqueness", "synergy"], properties.GetProperty("drivingInteraction").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("boolean", properties.GetProperty("isSarcastic").GetProperty("type").GetString());
        Assert.All(properties.EnumerateObject(), p => Assert.False(string.IsNullOrWhiteSpace(p.Value.GetProperty("description").GetString())));
    }

    [Fact]
    public void Explain_interaction_and_moderate_posts_publish_their_result_schemas()
    {
        var analysis = Function("explain_interaction").ReturnJsonSchema!.Value.GetProperty("properties");
        Assert.Equal(["drivingInteraction", "interactionWeights", "unimodal", "explanation", "warnings"], analysis.EnumerateObject().Select(p => p.Name));
        var report = Function("moderate_posts").ReturnJsonSchema!.Value.GetProperty("properties");
        Assert.Equal(["items", "sarcastic", "errors", "byDrivingInteraction"], report.EnumerateObject().Select(p => p.Name));
    }

    private static string? Description(JsonElement properties, string name) => properties.GetProperty(name).GetProperty("description").GetString();
}
