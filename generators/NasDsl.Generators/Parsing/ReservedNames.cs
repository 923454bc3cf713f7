using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>Members the emitters add to attributed types; a user member of the same name would collide (NAS017).</summary>
internal static class ReservedNames
{
    private static readonly string[] Cell = { "_placement", "PlacedAt", "Graph", "Genotype", "Network", "DescribeScopes", "ReadGenotype", "WriteGenotype", "Formula" };
    private static readonly string[] SearchSpace = Cell.Concat(new[] { "Definition", "Statistics" }).ToArray();
    private static readonly string[] OpSet = { "Op", "Table" };

    /// <summary>A NAS017 for every source member of <paramref name="type"/> whose name the generated code uses.</summary>
    public static IEnumerable<DiagnosticInfo> Check(INamedTypeSymbol type, string attribute)
    {
        var reserved = attribute switch { "OpSet" => OpSet, "SearchSpace" => SearchSpace, _ => Cell };
        // Nested types, and a type named like a generated member (its constructors would clash too), count as well.
        if (reserved.Contains(type.Name))
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.NameReservedForGeneratedCode, type.IdentifierLocation(), type.Name, type.Name, attribute);
        foreach (var member in type.GetMembers())
        {
            if (member.IsImplicitlyDeclared || member.DeclaringSyntaxReferences.Length == 0 || !reserved.Contains(member.Name)) continue;
            if (member is IMethodSymbol { MethodKind: not MethodKind.Ordinary }) continue;
            yield return DiagnosticInfo.Create(DiagnosticDescriptors.NameReservedForGeneratedCode, member.IdentifierLocation(), type.Name, member.Name, attribute);
        }
    }
}
