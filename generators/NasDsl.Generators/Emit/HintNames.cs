using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using NasDsl.Generators.Model;

namespace NasDsl.Generators.Emit;

/// <summary>
/// Gives every generated file a hint name no other file uses. Roslyn compares hint names ignoring case, so two valid
/// types can want the same one (<c>Stage</c> and <c>stage</c>, or namespace <c>A.B</c>'s <c>C</c> and class
/// <c>A.B</c>'s nested <c>C</c>); a repeated name would make AddSource throw. Each type keeps its plain
/// <c>{Namespace}.{Type}.g.cs</c> unless an earlier type took it, and then gets <c>{Namespace}.{Type}.2.g.cs</c>.
/// </summary>
internal static class HintNames
{
    private const string Suffix = ".g.cs";

    public static ImmutableArray<GeneratedFile> Assign(ImmutableArray<OpSetModel?> opSets, ImmutableArray<CellModel?> cells)
    {
        var files = ImmutableArray.CreateBuilder<GeneratedFile>(opSets.Length + cells.Length);
        var types = new HashSet<string>(System.StringComparer.Ordinal);
        var names = new HashSet<string>(System.StringComparer.OrdinalIgnoreCase);
        foreach (var opSet in opSets)
            if (opSet is not null) Add(opSet.Type, opSet, null);
        foreach (var cell in cells)
            if (cell is not null) Add(cell.Type, null, cell);
        return files.ToImmutable();

        void Add(TypeLocation type, OpSetModel? opSet, CellModel? cell)
        {
            // One type, one file: the transforms build each type once, and this keeps it so.
            if (!types.Add(type.FullName)) return;
            var stem = type.HintName.Substring(0, type.HintName.Length - Suffix.Length);
            var name = type.HintName;
            for (var i = 2; !names.Add(name); i++) name = stem + "." + i.ToString(CultureInfo.InvariantCulture) + Suffix;
            files.Add(new GeneratedFile(name, opSet, cell));
        }
    }
}
