namespace NasDsl.Generators;

/// <summary>Names of the pipeline steps, for incrementality tests.</summary>
public static class TrackingNames
{
    public const string ParseOpSet = nameof(ParseOpSet);
    public const string ParseCell = nameof(ParseCell);
    public const string ParsePrimitive = nameof(ParsePrimitive);
    public const string OpSetModels = nameof(OpSetModels);
    public const string CellModels = nameof(CellModels);
    public const string GeneratedFiles = nameof(GeneratedFiles);
    public const string CountSpace = nameof(CountSpace);
    public const string SpaceStatistics = nameof(SpaceStatistics);
}
