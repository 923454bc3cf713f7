using System.Globalization;

namespace NasDsl.Search;

/// <summary>Range checks whose messages name the option and the offending value.</summary>
internal static class OptionCheck
{
    public static void Positive(string owner, string name, int value)
    {
        if (value <= 0) Fail(owner, name, value, "must be positive");
    }

    public static void PositiveFinite(string owner, string name, double value)
    {
        if (!(value > 0 && double.IsFinite(value))) Fail(owner, name, value, "must be positive and finite");
    }

    public static void NonNegativeFinite(string owner, string name, double value)
    {
        if (!(value >= 0 && double.IsFinite(value))) Fail(owner, name, value, "must be zero or positive and finite");
    }

    public static void Fail(string owner, string name, double value, string rule) =>
        throw new ArgumentException($"{owner}.{name} {rule}; got {Format(value)}.", name);

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
