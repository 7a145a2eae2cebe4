using Mmoe.LlamaSharp.Prompts;
using Mmoe.LlamaSharp.Tests.Utilities;
using Mmoe.Reference;

namespace Mmoe.LlamaSharp.Tests;

public sealed class PromptTemplateTests
{
    private static async Task<SocialPost> MustardItemAsync(string id)
    {
        var examples = await ReferenceReaders.ReadDatasetAsync(SharedData.Path("mmoe-reference", "mustard", "data_raw", "mustard_dataset_test.json"));
        return examples.Single(example => example.Id == id).ToPost();
    }

    [Fact]
    public async Task Mustard_prompt_is_the_reference_text_including_its_turn_format()
    {
        var post = await MustardItemAsync("2_223");

        var prompt = ReferencePrompts.Mustard.Render(post);

        Assert.Equal(
            "Question: You are watching an episode of FRIENDS. Following up to this image input, the dialogue has been " +
            "ROSS:fHey who is this Casey?PHOEBE:fOh some guy she met in the moviesROSS:fOh really? What does he want with her?. " +
            "Given the current speaker is CHANDLER who says I guess he wants to do a little dance, you know, make a little love. " +
            "Well pretty much get down to that. - are they being sarcastic? Answer:",
            prompt);
    }

    [Fact]
    public async Task Mustard_prompt_places_the_caption_where_it_mentions_the_image()
    {
        var post = await MustardItemAsync("2_223");

        var prompt = ReferencePrompts.Mustard.Render(post, "Two men talk on a couch.");

        Assert.StartsWith(
            "Question: You are watching an episode of FRIENDS. Following up to this image input captioned as Two men talk on a couch., the dialogue has been ROSS:fHey",
            prompt);
        Assert.EndsWith("- are they being sarcastic? Answer:", prompt);
    }

    [Fact]
    public void Mmsd_and_funny_prompts_match_the_reference_with_a_caption()
    {
        var post = new SocialPost { Text = "great, another monday", Caption = "a cat asleep on a keyboard" };

        Assert.Equal(
            "Question: Given the image captioned as a cat asleep on a keyboard and the text great, another monday are they being sarcastic? Answer:",
            ReferencePrompts.Mmsd.Render(post));
        Assert.Equal(
            "Predict if the punchline given an image captioned as a cat asleep on a keyboard is humorous. The punchline is great, another monday. Is the punchline humorous? Answer:",
            ReferencePrompts.ForDataset("funny").Render(post));
        Assert.Equal(
            "Question: Given the text great, another monday are they being sarcastic? Answer:",
            ReferencePrompts.Mmsd.Render(post with { Caption = null }));
    }

    [Fact]
    public void Custom_templates_take_literal_braces_and_their_own_turn_format()
    {
        var template = new PromptTemplate("{{json}} {context} | {speaker}: {utterance}", contextTurn: "[{speaker}] {text}", contextSeparator: " / ");
        var post = new SocialPost { Text = "sure", Speaker = "B", Context = [new DialogueTurn("A", "hi"), new DialogueTurn(null, "ok")] };

        Assert.Equal("{json} [A] hi / [] ok | B: sure", template.Render(post));
    }

    [Theory]
    [InlineData("Answer {image}:")]
    [InlineData("Answer {caption:")]
    [InlineData("Answer }")]
    [InlineData("[[no end {caption}")]
    public void Malformed_templates_are_rejected(string text)
    {
        Assert.Throws<ArgumentException>(() => new PromptTemplate(text));
    }
}
