using Microsoft.Extensions.DependencyInjection;
using Mmoe.Detection;

namespace Mmoe.Samples;

/// <summary>Where every sample gets its detector.</summary>
internal static class SampleDetector
{
    /// <summary>
    /// Registers the detector the samples use. Until the trained default model is merged this is the
    /// <see cref="PlaceholderLexicalDetector"/>; afterwards this method's body becomes nothing at all (AddMmoe then
    /// loads the default model) and the placeholder file is deleted.
    /// </summary>
    public static void Register(IServiceCollection services)
    {
        Console.Error.WriteLine("note: using the placeholder lexical detector (not the trained MMoE model); its scores only show the plumbing.");
        services.AddSingleton<IMmoeDetector>(new PlaceholderLexicalDetector());
    }
}
