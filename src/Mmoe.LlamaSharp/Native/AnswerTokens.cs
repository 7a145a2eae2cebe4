using System.Text;
using LLama;

namespace Mmoe.LlamaSharp.Native;

/// <summary>The vocabulary ids the experts (no, yes) and the router (1, 2, 3 = R, U, S) are read from.</summary>
internal sealed record AnswerTokens(int No, int Yes, int Redundancy, int Uniqueness, int Synergy)
{
    public static AnswerTokens Resolve(LLamaWeights weights, AnswerTokenStyle style, string modelName)
    {
        int Token(string word, bool single)
        {
            var tokens = weights.Tokenize(word, false, false, Encoding.UTF8);
            if (tokens.Length == 0 || (single && tokens.Length != 1))
            {
                throw new Validation.ModelValidationException($"Model {modelName} has no single token for '{word}'; the experts read their answer from it.");
            }

            // The reference reads the first token of each word (tokenizer.tokenize(word)[0]).
            return (int)tokens[0];
        }

        var space = style == AnswerTokenStyle.LeadingSpace;
        return new AnswerTokens(
            Token(space ? " no" : "no", space),
            Token(space ? " yes" : "yes", space),
            Token("1", false),
            Token("2", false),
            Token("3", false));
    }
}
