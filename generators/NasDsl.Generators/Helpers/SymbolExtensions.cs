using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Model;

namespace NasDsl.Generators.Helpers;

internal static class SymbolExtensions
{
    public static string FullName(this ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);

    /// <summary>The name reflection gives the type (<c>Type.FullName</c>): namespace, then containing types and the type
    /// joined by '+', with arity suffixes, e.g. <c>TorchSharp.torch+nn+Module`2</c>. <see cref="KnownTypeNames"/> holds
    /// these names, and every comparison with them goes through here.</summary>
    public static string MetadataFullName(this ITypeSymbol type)
    {
        var name = type.MetadataName;
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType) name = outer.MetadataName + "+" + name;
        return type.ContainingNamespace is { IsGlobalNamespace: false } ns ? ns.ToDisplayString() + "." + name : name;
    }

    public static bool HasAttribute(this ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Any(a => a.AttributeClass?.MetadataFullName() == metadataName);

    public static AttributeData? FindAttribute(this ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().FirstOrDefault(a => a.AttributeClass?.MetadataFullName() == metadataName);

    public static IEnumerable<AttributeData> FindAttributes(this ISymbol symbol, string metadataName) =>
        symbol.GetAttributes().Where(a => a.AttributeClass?.MetadataFullName() == metadataName);

    public static bool IsTensor(this ITypeSymbol? type) => type?.MetadataFullName() == KnownTypeNames.Tensor;

    /// <summary>True when <paramref name="type"/> is or derives from the class named <paramref name="metadataName"/>.</summary>
    public static bool DerivesFrom(this ITypeSymbol type, string metadataName)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
            if (current.MetadataFullName() == metadataName) return true;
        return false;
    }

    /// <summary>The number of tensor inputs of a TorchSharp module type (Module&lt;Tensor, Tensor&gt; → 1), or 0.</summary>
    public static int ModuleArity(this ITypeSymbol type)
    {
        for (var current = type as INamedTypeSymbol; current is not null; current = current.BaseType)
        {
            if (current.OriginalDefinition.MetadataFullName() is not (KnownTypeNames.UnaryModule or KnownTypeNames.BinaryModule)) continue;
            var arguments = current.TypeArguments;
            if (arguments.Length >= 2 && arguments.All(a => a.IsTensor())) return arguments.Length - 1;
        }
        return 0;
    }

    public static string Accessibility(this ISymbol symbol) => symbol.DeclaredAccessibility switch
    {
        Microsoft.CodeAnalysis.Accessibility.Public => "public",
        Microsoft.CodeAnalysis.Accessibility.Internal => "internal",
        Microsoft.CodeAnalysis.Accessibility.Protected => "protected",
        Microsoft.CodeAnalysis.Accessibility.ProtectedOrInternal => "protected internal",
        Microsoft.CodeAnalysis.Accessibility.ProtectedAndInternal => "private protected",
        _ => "private",
    };

    public static TypeLocation ToTypeLocation(this INamedTypeSymbol type)
    {
        var containing = new List<ContainingType>();
        for (var outer = type.ContainingType; outer is not null; outer = outer.ContainingType)
            containing.Insert(0, new ContainingType(outer.IsRecord ? (outer.IsValueType ? "record struct" : "record") : outer.IsValueType ? "struct" : outer.TypeKind == TypeKind.Interface ? "interface" : "class", outer.Name));
        var ns = type.ContainingNamespace is { IsGlobalNamespace: false } n ? n.ToDisplayString() : string.Empty;
        return new TypeLocation(ns, containing.ToEquatableArray(), type.Name, type.FullName());
    }

    public static Location IdentifierLocation(this ISymbol symbol)
    {
        var syntax = symbol.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax();
        return syntax switch
        {
            BaseTypeDeclarationSyntax t => t.Identifier.GetLocation(),
            MethodDeclarationSyntax m => m.Identifier.GetLocation(),
            PropertyDeclarationSyntax p => p.Identifier.GetLocation(),
            _ => symbol.Locations.FirstOrDefault() ?? Location.None,
        };
    }

    public static bool IsPartial(this TypeDeclarationSyntax syntax) => syntax.Modifiers.Any(SyntaxKind.PartialKeyword);

    /// <summary>The declaration that carries the first <paramref name="attributeMetadataName"/> of <paramref name="type"/>:
    /// the one of its partial declarations whose transform builds the model, so an attribute repeated on another part
    /// yields neither a second file nor repeated diagnostics.</summary>
    public static TypeDeclarationSyntax? PrimaryDeclaration(this INamedTypeSymbol type, string attributeMetadataName, CancellationToken token) =>
        type.FindAttribute(attributeMetadataName)?.ApplicationSyntaxReference?.GetSyntax(token).FirstAncestorOrSelf<TypeDeclarationSyntax>();

    /// <summary>Same tree and span: red nodes are not always the same instances when fetched twice.</summary>
    public static bool IsSameNode(this SyntaxNode? node, SyntaxNode other) =>
        node is not null && node.SyntaxTree == other.SyntaxTree && node.Span == other.Span;

    /// <summary>The syntax of an attribute application, when it is in source.</summary>
    public static AttributeSyntax? Syntax(this AttributeData attribute) =>
        attribute.ApplicationSyntaxReference?.GetSyntax() as AttributeSyntax;
}
