using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Diagnostics;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>What kinds of type the generator can extend (NAS016): partial classes that are not generic and are nested,
/// if at all, only in partial classes.</summary>
internal static class TypeShapeRules
{
    /// <summary>Why <paramref name="type"/>, marked [<paramref name="attribute"/>], cannot be generated, or null when it can.</summary>
    public static DiagnosticInfo? Problem(INamedTypeSymbol type, TypeDeclarationSyntax syntax, string attribute)
    {
        DiagnosticInfo Report(DiagnosticDescriptor descriptor, params object[] more) =>
            DiagnosticInfo.Create(descriptor, syntax.Identifier.GetLocation(), new object[] { type.Name, attribute }.Concat(more).ToArray());

        if (syntax is not ClassDeclarationSyntax)
            return Report(DiagnosticDescriptors.TypeIsNotAClass, syntax is RecordDeclarationSyntax ? "record" : syntax.Keyword.ValueText);
        // IsGenericType is also true for a type nested in a generic one; its own type parameters say which.
        if (type.TypeParameters.Length > 0) return Report(DiagnosticDescriptors.TypeIsGeneric);
        if (!type.IsStatic && type.InstanceConstructors.Length > 0 && !type.InstanceConstructors.Any(c => c.Parameters.Length == 0))
            return Report(DiagnosticDescriptors.TypeHasNoParameterlessConstructor);
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
        {
            if (outer.TypeParameters.Length > 0) return Report(DiagnosticDescriptors.TypeNestedInGeneric, outer.Name);
            if (!outer.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax t && t.IsPartial()))
                return Report(DiagnosticDescriptors.TypeNestedInNonPartial, outer.Name);
        }
        return null;
    }
}
