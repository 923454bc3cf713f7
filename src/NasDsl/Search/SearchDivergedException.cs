namespace NasDsl.Search;

/// <summary>
/// A search stopped because too many steps in a row had a non-finite loss or gradient. The message names the
/// scope and operation whose output (or gradient) went non-finite first on the failing batch, when one does.
/// </summary>
public sealed class SearchDivergedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public SearchDivergedException(string message, int epoch, int step, int consecutiveSkippedSteps, string? scopePath, string? operation)
        : base(message)
    {
        Epoch = epoch;
        Step = step;
        ConsecutiveSkippedSteps = consecutiveSkippedSteps;
        ScopePath = scopePath;
        Operation = operation;
    }

    /// <summary>Epoch of the last skipped step.</summary>
    public int Epoch { get; }

    /// <summary>Step (within <see cref="Epoch"/>) of the last skipped step.</summary>
    public int Step { get; }

    /// <summary>Skipped steps in a row when the search stopped.</summary>
    public int ConsecutiveSkippedSteps { get; }

    /// <summary>The scope whose candidate went non-finite first, or null when no mixed edge did.</summary>
    public string? ScopePath { get; }

    /// <summary>The operation that went non-finite first, or null when no mixed edge did.</summary>
    public string? Operation { get; }
}
