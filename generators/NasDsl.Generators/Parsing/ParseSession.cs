using System.Collections.Generic;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using NasDsl.Generators.Helpers;

namespace NasDsl.Generators.Parsing;

/// <summary>
/// One transform's answers to "is this op set or cell generated in full?", so an op set used by many edges, or a cell
/// placed many times, is parsed once. A cell being parsed counts as generated, so a loop back to it is left to NAS010
/// where the loop closes.
/// </summary>
internal sealed class ParseSession(CancellationToken token)
{
    private readonly Dictionary<INamedTypeSymbol, bool> _cells = new(SymbolEqualityComparer.Default);
    private readonly Dictionary<INamedTypeSymbol, bool> _opSets = new(SymbolEqualityComparer.Default);
    private readonly HashSet<INamedTypeSymbol> _emitted = new(SymbolEqualityComparer.Default);

    public CancellationToken Token { get; } = token;

    public void BeginCell(INamedTypeSymbol cell)
    {
        _cells[cell] = true;
        _emitted.Add(cell);
    }

    /// <summary>True when the generator emits the op set's <c>Op</c> enum and <c>Table</c>; always true for an op set
    /// compiled into a referenced assembly.</summary>
    public bool IsOpSetGenerated(INamedTypeSymbol opSet)
    {
        if (_opSets.TryGetValue(opSet, out var generated)) return generated;
        if (opSet.DeclaringSyntaxReferences.Length == 0) return _opSets[opSet] = true;
        return _opSets[opSet] = opSet.PrimaryDeclaration(KnownTypeNames.OpSetAttribute, Token) is TypeDeclarationSyntax syntax
            && OpSetParser.Parse(opSet, syntax, Token).Model is not null;
    }

    /// <summary>True when the generator emits <paramref name="cell"/> in full (network, genotype, formula), so a
    /// container may refer to them; always true for a cell compiled into a referenced assembly.</summary>
    public bool IsCellGenerated(INamedTypeSymbol cell)
    {
        if (_cells.TryGetValue(cell, out var generated)) return generated;
        if (cell.DeclaringSyntaxReferences.Length == 0) return _cells[cell] = true;
        var isSearchSpace = cell.HasAttribute(KnownTypeNames.SearchSpaceAttribute);
        if (cell.PrimaryDeclaration(CellParser.AttributeOf(isSearchSpace), Token) is not ClassDeclarationSyntax syntax
            || TypeShapeRules.Problem(cell, syntax, "") is not null)
            return _cells[cell] = false;
        return _cells[cell] = CellParser.Parse(cell, syntax, isSearchSpace, this).Model?.IsValid == true;
    }

    /// <summary>True when the generator emits at least the public surface of <paramref name="cell"/> (its
    /// <c>Genotype</c> among it), which it does for every partial cell it parses, valid or not.</summary>
    public bool IsCellEmitted(INamedTypeSymbol cell) =>
        IsCellGenerated(cell) || cell.DeclaringSyntaxReferences.Length == 0 || _emitted.Contains(cell);
}
