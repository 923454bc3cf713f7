using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>What kinds of type the generator can extend (NAS016): partial classes that are not generic and are nested,
/// if at all, only in partial classes.</summary>
internal static class TypeShapeRules
{
    /// <summary>Why <paramref name="type"/> cannot be generated, or null when it can.</summary>
    public static string? Problem(INamedTypeSymbol type, TypeDeclarationSyntax syntax)
    {
        if (syntax is not ClassDeclarationSyntax)
            return $"is a {(syntax is RecordDeclarationSyntax ? "record" : syntax.Keyword.ValueText)}; declare it as a partial class";
        // IsGenericType is also true for a type nested in a generic one; its own type parameters say which.
        if (type.TypeParameters.Length > 0)
            return "is generic; search-space types must be non-generic so generated code can name them";
        if (!type.IsStatic && type.InstanceConstructors.Length > 0 && !type.InstanceConstructors.Any(c => c.Parameters.Length == 0))
            return "has no parameterless constructor; generated node views create it with new(), so add one (it may be private)";
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.TypeParameters.Length > 0)
                return $"is nested in the generic type '{outer.Name}'; move it out or make '{outer.Name}' non-generic";
            var partial = outer.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.IsPartial());
            if (!partial)
                return $"is nested in '{outer.Name}', which is not partial; make '{outer.Name}' partial so generated members can be added";
        }
        return null;
    }
}
