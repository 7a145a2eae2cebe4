using TorchSharp;
using static TorchSharp.torch;

namespace Mmoe.Training;

/// <summary>
/// Adam (Kingma and Ba; PyTorch's defaults: β = (0.9, 0.999), ε = 1e-8, no weight decay) whose every scalar is created
/// and disposed explicitly. TorchSharp's own optimizer converts doubles to <see cref="Scalar"/>s implicitly; those are
/// freed by the finalizer thread, which can free one while libtorch still reads it once training allocates enough to
/// make the GC run often (seen as rare "toFloat" and heap failures with tens of thousands of sparse rows).
/// </summary>
internal sealed class AdamOptimizer : IDisposable
{
    private const double Beta1 = 0.9;
    private const double Beta2 = 0.999;
    private const double Epsilon = 1e-8;

    private readonly Tensor[] _parameters;
    private readonly Tensor[] _firstMoments;
    private readonly Tensor[] _secondMoments;
    private readonly Scalar _beta1 = Beta1.ToScalar();
    private readonly Scalar _beta2 = Beta2.ToScalar();
    private readonly Scalar _oneMinusBeta1 = (1 - Beta1).ToScalar();
    private readonly Scalar _oneMinusBeta2 = (1 - Beta2).ToScalar();
    private readonly Scalar _epsilon = Epsilon.ToScalar();
    private readonly double _learningRate;
    private long _step;

    public AdamOptimizer(IReadOnlyList<Tensor> parameters, double learningRate)
    {
        _parameters = parameters.ToArray();
        _learningRate = learningRate;
        _firstMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
        _secondMoments = _parameters.Select(p => zeros_like(p).DetachFromDisposeScope()).ToArray();
    }

    public void ZeroGrad()
    {
        foreach (var parameter in _parameters)
        {
            using var grad = parameter.grad;
            grad?.zero_();
        }
    }

    public void Step()
    {
        _step++;
        var correction1 = 1 - Math.Pow(Beta1, _step);
        var correction2 = 1 - Math.Pow(Beta2, _step);
        using var stepSize = (-_learningRate / correction1).ToScalar();
        using var sqrtCorrection2 = Math.Sqrt(correction2).ToScalar();
        using var noGrad = no_grad();
        for (var i = 0; i < _parameters.Length; i++)
        {
            using var grad = _parameters[i].grad;
            if (grad is null)
            {
                continue;
            }

            _firstMoments[i].mul_(_beta1).add_(grad, _oneMinusBeta1);
            _secondMoments[i].mul_(_beta2).addcmul_(grad, grad, _oneMinusBeta2);
            using var denominator = _secondMoments[i].sqrt();
            // add_(Scalar) alone would make its alpha from an implicit int, the finalizer-freed kind described above.
            denominator.div_(sqrtCorrection2).add_(_epsilon, SparseRows.One);
            _parameters[i].addcdiv_(_firstMoments[i], denominator, stepSize);
        }
    }

    public void Dispose()
    {
        foreach (var tensor in _firstMoments.Concat(_secondMoments))
        {
            tensor.Dispose();
        }

        foreach (var scalar in new[] { _beta1, _beta2, _oneMinusBeta1, _oneMinusBeta2, _epsilon })
        {
            scalar.Dispose();
        }
    }
}
