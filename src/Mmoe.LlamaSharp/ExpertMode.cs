namespace Mmoe.LlamaSharp;

/// <summary>How the experts and router run on the Qwen2 model.</summary>
public enum ExpertMode
{
    /// <summary>
    /// The reference design: one LoRA adapter per interaction expert (plus baseline) and one for the router;
    /// each reads its answer from the next-token logits. One forward pass per adapter per post.
    /// </summary>
    LoraAdapters = 0,

    /// <summary>
    /// One forward pass of the plain model per post; the last token's final hidden state feeds small trained
    /// heads (<see cref="Features.IExpertHeads"/>) for the experts and the router.
    /// </summary>
    SharedBackbone = 1,
}
