using Mmoe.Models.Evaluation;

namespace Mmoe.Training.Tests;

/// <summary>
/// A small learnable dataset: a post is positive when its text carries a sarcasm cue or its caption shows an eye-roll,
/// so both modalities matter. Fillers vary from post to post.
/// </summary>
internal static class SyntheticData
{
    private static readonly string[] Fillers = ["today", "meeting", "coffee", "train", "weather", "report", "lunch", "email", "weekend", "project"];

    public static TrainingSet Create(int count = 80, int validation = 30, int seed = 3)
    {
        var random = new Random(seed);
        List<LabeledPost> Make(string prefix, int n) => Enumerable.Range(0, n).Select(i =>
        {
            var textCue = random.Next(3) == 0;
            var imageCue = random.Next(3) == 0;
            var filler = $"{Fillers[random.Next(Fillers.Length)]} {Fillers[random.Next(Fillers.Length)]}";
            var text = textCue ? $"oh yeah totally love the {filler}" : $"we talked about the {filler}";
            var caption = imageCue ? "a man rolls his eyes and smirks" : "a man smiles and nods politely";
            return new LabeledPost(new SocialPost { Id = $"{prefix}{i:D3}", Text = text, Caption = caption }, textCue || imageCue);
        }).ToList();

        var train = Make("t", count);
        var val = Make("v", validation);
        return new TrainingSet { Name = "synthetic", Train = train, Validation = val, Fingerprint = ReferenceDataset.FingerprintOf(("train", train), ("val", val)) };
    }
}
