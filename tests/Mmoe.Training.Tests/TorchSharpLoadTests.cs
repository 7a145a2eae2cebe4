using static TorchSharp.torch;

namespace Mmoe.Training.Tests;

public sealed class TorchSharpLoadTests
{
    [Fact]
    public void TorchSharpLoadsAndComputesInThisProcess()
    {
        using var a = tensor(new float[] { 1, 2, 3 });
        using var b = a * 2;
        Assert.Equal(new float[] { 2, 4, 6 }, b.data<float>().ToArray());
    }
}
