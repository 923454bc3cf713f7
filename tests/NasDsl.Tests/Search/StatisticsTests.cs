using NasDsl.Search;

namespace NasDsl.Tests.Search;

/// <summary>Welch's t-test against values from statistical tables.</summary>
public sealed class StatisticsTests
{
    [Theory]
    // Two-sided critical values of Student's t: P(|T| ≥ t) for the tabulated t and df.
    [InlineData(2.228, 10, 0.05)]
    [InlineData(12.706, 1, 0.05)]
    [InlineData(2.576, 100_000, 0.01)]
    [InlineData(1.812, 10, 0.10)]
    [InlineData(0, 7, 1.0)]
    public void StudentTTailsMatchTheTables(double t, double df, double p) =>
        Assert.Equal(p, StudentT.TwoSidedP(t, df), 3);

    [Fact]
    public void WelchTestOfTwoSamples()
    {
        // a: mean 3, s² = 1; b: mean 1, s² = 2.5 (n = 4 and 5 … computed by hand):
        // SE = √(1/4 + 2.5/5) = √0.75, t = 2/0.8660 = 2.3094, df = 0.75² / (0.0625/3 + 0.25/4) = 6.75.
        var a = new Measurements([2, 3, 4, 3 + 0]);
        Assert.Equal(3, a.Mean, 10);
        Assert.Equal(Math.Sqrt(2.0 / 3), a.StandardDeviation, 10);
        var b = new Measurements([-1, 0, 1, 2, 3]);
        var test = WelchTest.Of(a, b);
        var va = 2.0 / 3 / 4;
        var vb = 2.5 / 5;
        Assert.Equal(2, test.Difference, 10);
        Assert.Equal(Math.Sqrt(va + vb), test.StandardError, 10);
        Assert.Equal((va + vb) * (va + vb) / (va * va / 3 + vb * vb / 4), test.DegreesOfFreedom, 10);
        Assert.InRange(test.P, 0.02, 0.08);
        Assert.Equal(StudentT.TwoSidedP(test.T, test.DegreesOfFreedom), test.P, 12);
    }

    [Fact]
    public void OneValueGivesNoTestAndConstantSamplesAreExact()
    {
        Assert.True(double.IsNaN(WelchTest.Of(new Measurements([0.8]), new Measurements([0.7, 0.75])).P));
        Assert.Equal(0, WelchTest.Of(new Measurements([0.8, 0.8]), new Measurements([0.7, 0.7])).P);
        Assert.Equal(1, WelchTest.Of(new Measurements([0.8, 0.8]), new Measurements([0.8, 0.8])).P);
    }
}
