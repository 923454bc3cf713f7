namespace NasDsl.Data;

/// <summary>
/// A training and a test set normalised with the same transform, measured on <paramref name="Train"/>.
/// Disposing it disposes both sets.
/// </summary>
/// <param name="Train">The training set (DARTS splits it further into weight and architecture halves).</param>
/// <param name="Test">The held-out test set.</param>
/// <param name="Normalization">The per-channel transform applied to both.</param>
public sealed record DataSplit(IDataset Train, IDataset Test, Normalization Normalization) : IDisposable
{
    /// <summary>One line saying which data this is and where it came from, for logs.</summary>
    public string Description { get; init; } = "";

    /// <summary>The folder the data was read from (for the default data, the one the host chose).</summary>
    public string Folder { get; init; } = "";

    /// <summary>A one-line suggestion for better data (e.g. how to install the full set), or null.</summary>
    public string? Hint { get; init; }

    /// <inheritdoc />
    public void Dispose()
    {
        (Train as IDisposable)?.Dispose();
        (Test as IDisposable)?.Dispose();
    }
}
