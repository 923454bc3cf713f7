using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NasDsl;

/// <summary>
/// Saves a typed genotype as JSON (operation name per scope path, plus its formula) and loads it back:
/// <code>
/// var genotype = GenotypeFile.Load(RnnSpace.Definition, "runs/rnn-…/genotype.json");
/// var network = RnnSpace.Definition.CreateDiscrete(genotype, new SpaceOptions([1, 28, 28], 10));
/// </code>
/// </summary>
public static class GenotypeFile
{
    /// <summary>Writes <paramref name="genotype"/> to <paramref name="path"/> atomically.</summary>
    public static void Save<TGenotype>(SearchSpaceDefinition<TGenotype> space, TGenotype genotype, string path) where TGenotype : class
    {
        var operations = new JsonObject();
        foreach (var (scope, name) in space.NamesOf(genotype)) operations[scope] = name;
        var document = new JsonObject
        {
            ["space"] = space.Name,
            ["operations"] = operations,
            ["formula"] = space.Format(genotype),
        };
        // Formulas use σ and ·: keep them readable instead of \u-escaped.
        AtomicFile.WriteAllText(path, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n");
    }

    /// <summary>Reads a genotype of <paramref name="space"/> from <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a genotype of this space; the message names the file and the problem.</exception>
    public static TGenotype Load<TGenotype>(SearchSpaceDefinition<TGenotype> space, string path) where TGenotype : class
    {
        JsonNode? document;
        try
        {
            document = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a JSON genotype file ({e.Message}).", e);
        }
        var spaceName = document?["space"]?.GetValue<string>();
        if (spaceName != space.Name)
            throw new InvalidDataException($"{path}: holds a genotype of '{spaceName ?? "(no space)"}', not of '{space.Name}'.");
        if (document?["operations"] is not JsonObject operations)
            throw new InvalidDataException($"{path}: has no \"operations\" object.");
        var names = operations.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>() ?? string.Empty, StringComparer.Ordinal);
        try
        {
            return space.GenotypeFromNames(names);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }
}
