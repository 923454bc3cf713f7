using NasDsl.Operations.Kernels;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Operations;

/// <summary>The LeNet stem's managed 2×2 max pool against libtorch's max_pool2d, bit for bit.</summary>
public class MaxPool2x2Tests
{
    public static TheoryData<long[]> Shapes => new()
    {
        new long[] { 64, 6, 28, 28 },
        new long[] { 64, 16, 10, 10 },
        // 17 windows a row: eight, eight and one.
        new long[] { 2, 3, 6, 35 },
        new long[] { 2, 3, 7, 9 },
        new long[] { 1, 1, 2, 3 },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public void ValuesAndGradientsAreThoseOfMaxPool2d(long[] shape)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator().manual_seed(7);
        // Small integers make ties common; NaN and ±infinity take the paths that plain values never reach.
        var values = randint(-3, 4, shape, generator: generator).to(ScalarType.Float32);
        var special = rand(shape, generator: generator);
        values = values.masked_fill(special.lt(0.02), float.NaN).masked_fill(special.gt(0.99), float.PositiveInfinity)
            .masked_fill(special.gt(0.98).logical_and(special.le(0.99)), float.NegativeInfinity);
        // At least one NaN, after the first position of its window.
        values[0, 0, 0, 1] = float.NaN;
        var upstream = randn(Output(shape), generator: generator);

        var (expected, expectedGradient) = PoolAndGradient(x => nn.functional.max_pool2d(x, 2), values, upstream);
        var (actual, actualGradient) = PoolAndGradient(MaxPool2x2.Pool, values, upstream);

        AssertBitEqual(expected, actual);
        AssertBitEqual(expectedGradient, actualGradient);
        Assert.True(actual[0, 0, 0, 0].isnan().item<bool>());
    }

    [Fact]
    public void WithoutGradientItPoolsTheSameValues()
    {
        using var scope = NewDisposeScope();
        var values = randn(4, 6, 12, 12, generator: new Generator().manual_seed(3));
        using var _ = no_grad();
        AssertBitEqual(nn.functional.max_pool2d(values, 2), MaxPool2x2.Pool(values));
    }

    [Fact]
    public void ItsGradientIsDifferentiableUnderCreateGraph()
    {
        using var scope = NewDisposeScope();
        var generator = new Generator().manual_seed(5);
        var values = randn([2, 3, 6, 8], generator: generator);
        var upstream = randn(Output([2, 3, 6, 8]), generator: generator);
        var probe = randn([2, 3, 6, 8], generator: generator);

        Tensor SecondOrder(Func<Tensor, Tensor> pool)
        {
            var x = values.clone().requires_grad_(true);
            var gradOutput = upstream.clone().requires_grad_(true);
            var inputGradient = autograd.grad([pool(x)], [x], [gradOutput], create_graph: true)[0];
            return autograd.grad([inputGradient.mul(probe).sum()], [gradOutput])[0];
        }

        AssertBitEqual(SecondOrder(x => nn.functional.max_pool2d(x, 2)), SecondOrder(MaxPool2x2.Pool));
    }

    [Theory]
    [InlineData(ScalarType.Float64, 4)]
    [InlineData(ScalarType.Float32, 3)]
    public void OtherTypesAndRanksGoToMaxPool2d(ScalarType type, int rank)
    {
        using var scope = NewDisposeScope();
        long[] shape = rank == 4 ? [2, 3, 6, 6] : [3, 6, 6];
        var values = randn(shape, dtype: type, generator: new Generator().manual_seed(11));
        AssertBitEqual(nn.functional.max_pool2d(values, 2), MaxPool2x2.Pool(values));
    }

    private static long[] Output(long[] shape) => [shape[0], shape[1], shape[2] / 2, shape[3] / 2];

    private static (Tensor Output, Tensor Gradient) PoolAndGradient(Func<Tensor, Tensor> pool, Tensor values, Tensor upstream)
    {
        var x = values.clone().requires_grad_(true);
        var y = pool(x);
        y.backward([upstream]);
        return (y.detach(), x.grad!.clone());
    }

    private static void AssertBitEqual(Tensor expected, Tensor actual)
    {
        Assert.Equal(expected.shape, actual.shape);
        Assert.Equal(expected.dtype, actual.dtype);
        // Bytes, not values: NaN positions and the sign of zero count too.
        if (!expected.contiguous().bytes.SequenceEqual(actual.contiguous().bytes))
            Assert.Fail($"the tensors differ bitwise (max |difference| {expected.sub(actual).abs().nan_to_num().max().ToDouble()})");
    }
}
