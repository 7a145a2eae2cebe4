namespace Mmoe.Fusion;

/// <summary>Combines the interaction experts' outputs for one post into one prediction.</summary>
public interface IFusionStrategy
{
    /// <summary>The name used on the command line and in reports, e.g. <c>rus</c> or <c>cascaded(0.7)</c>.</summary>
    string Name { get; }

    /// <summary>The optional inputs this strategy cannot do without.</summary>
    FusionInputs Requires { get; }

    FusionDecision Fuse(FusionInput input);
}
