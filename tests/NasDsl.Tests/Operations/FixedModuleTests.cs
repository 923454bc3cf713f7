using NasDsl.Operations;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace NasDsl.Tests.Operations;

public class FixedModuleTests
{
    private static PrimitiveContext Context(long[] inputShape, int classes = 10) => new(inputShape, new SpaceOptions(inputShape, classes), "Stem");

    [Theory]
    [InlineData(1, 28, 28, 256)]
    [InlineData(3, 32, 32, 400)]
    [InlineData(3, 16, 20, 16 * 1 * 2)]
    public void LeNetStemFlattensToTheExpectedFeatures(long channels, long height, long width, long features)
    {
        using var scope = NewDisposeScope();
        using var stem = new LeNetStem(Context([channels, height, width]));
        var y = stem.forward(randn(2, channels, height, width));
        Assert.Equal(new[] { 2L, features }, y.shape);
        Assert.Equal(features, stem.OutputFeatures);
        Assert.Equal(features, LeNetStem.FeaturesFor([channels, height, width]));
    }

    [Fact]
    public void LeNetStemRegistersItsLayersInOrder()
    {
        using var stem = new LeNetStem(Context([3, 32, 32]));
        Assert.Equal(["conv1", "pool1", "conv2", "pool2", "flatten"], stem.named_children().Select(c => c.name));
        var shapes = stem.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);
        Assert.Equal(new long[] { 6, 3, 5, 5 }, shapes["conv1.weight"]);
        Assert.Equal(new long[] { 16, 6, 5, 5 }, shapes["conv2.weight"]);
        Assert.Equal(4, shapes.Count);
    }

    [Theory]
    [InlineData(new long[] { 28, 28 })]
    [InlineData(new long[] { 1, 12, 28 })]
    [InlineData(new long[] { 0, 28, 28 })]
    public void LeNetStemRejectsInputsItCannotProcess(long[] inputShape)
    {
        var error = Assert.Throws<ArgumentException>(() => new LeNetStem(Context(inputShape)));
        Assert.Contains("LeNetStem", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ClassifierMapsFeaturesToLogits()
    {
        using var scope = NewDisposeScope();
        using var classifier = new Classifier(Context([400], classes: 10));
        var x = randn(5, 400);
        var y = classifier.forward(x);
        Assert.Equal(new long[] { 5, 10 }, y.shape);
        var weight = classifier.named_parameters().Single(p => p.name == "linear.weight").parameter;
        var bias = classifier.named_parameters().Single(p => p.name == "linear.bias").parameter;
        Assert.True(y.allclose(x.matmul(weight.t()) + bias, rtol: 1e-5, atol: 1e-5));
        // Logits, not probabilities: rows do not sum to one.
        Assert.False(y.sum(1).allclose(ones(5), rtol: 1e-3, atol: 1e-3));
    }

    [Fact]
    public void StemAndClassifierComposeForCifarShapedInputs()
    {
        using var scope = NewDisposeScope();
        using var stem = new LeNetStem(Context([3, 32, 32]));
        using var classifier = new Classifier(Context([stem.OutputFeatures]));
        var logits = classifier.forward(stem.forward(randn(8, 3, 32, 32)));
        var loss = nn.functional.cross_entropy(logits, randint(0, 10, [8]));
        loss.backward();
        Assert.All(stem.parameters().Concat(classifier.parameters()), p => Assert.NotNull(p.grad));
    }
}
