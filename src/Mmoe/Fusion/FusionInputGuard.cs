namespace Mmoe.Fusion;

internal static class FusionInputGuard
{
    public static InteractionScores RouterLogits(IFusionStrategy strategy, FusionInput input) =>
        input.RouterLogits ?? throw Missing(strategy, "router logits");

    public static InteractionType TrueInteraction(IFusionStrategy strategy, FusionInput input) =>
        input.TrueInteraction ?? throw Missing(strategy, "the post's true interaction type");

    public static UnimodalLabels Unimodal(IFusionStrategy strategy, FusionInput input) =>
        input.Unimodal ?? throw Missing(strategy, "the image-only and text-only predictions");

    private static ArgumentException Missing(IFusionStrategy strategy, string what) =>
        new($"Fusion strategy '{strategy.Name}' needs {what}, and the input has none.", "input");
}
