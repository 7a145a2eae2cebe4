using System.Globalization;

namespace Mmoe.SemanticKernel.Tests;

public sealed class ConcurrencyTests
{
    [Fact]
    public async Task Thirty_two_concurrent_calls_on_one_kernel_each_get_their_own_posts_answer()
    {
        var kernel = TestKernels.Create();
        var posts = Enumerable.Range(0, 32)
            .Select(i => (
                Text: i % 3 == 0 ? $"Oh great, meeting number {i} today" : $"Post {i.ToString(CultureInfo.InvariantCulture)}: lunch was fine",
                Caption: i % 2 == 0 ? $"photo {i} of an empty office in the rain" : null))
            .ToList();
        var sequential = new List<SarcasmVerdict>();
        foreach (var (text, caption) in posts)
        {
            sequential.Add(await kernel.DetectAsync(text, caption));
        }

        using var start = new ManualResetEventSlim();
        var calls = posts.Select(post => Task.Run(async () =>
        {
            start.Wait();
            return await kernel.DetectAsync(post.Text, post.Caption);
        })).ToList();
        start.Set();
        var concurrent = await Task.WhenAll(calls);

        for (var i = 0; i < posts.Count; i++)
        {
            var expected = TestKernels.Expected(posts[i].Text, posts[i].Caption);
            Assert.Equal(expected.Probability, concurrent[i].Probability);
            Assert.Equal(expected.DrivingInteraction, concurrent[i].DrivingInteraction);
            Assert.Equal(posts[i].Caption?.Length, concurrent[i].Caption?.Characters);
            Assert.Equal(sequential[i].Explanation, concurrent[i].Explanation);
        }

        Assert.True(concurrent.Select(verdict => verdict.Probability).Distinct().Count() > 16, "the posts should get different answers");
    }
}
