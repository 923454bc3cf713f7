using System;
using System.Collections.Generic;
using System.Text;

namespace NasDsl.Generators.Emit;

/// <summary>A string builder that tracks indentation; multi-line text is re-indented line by line.</summary>
internal sealed class SourceWriter
{
    /// <summary>The longest line the emitters write where they can choose, as a reader's editor shows it.</summary>
    public const int MaxLineLength = 140;

    private readonly StringBuilder _builder = new();
    private int _indent;

    /// <summary>How many characters a line may still hold after the current indentation.</summary>
    public int Room => MaxLineLength - _indent * 4;

    public void Line(string text = "")
    {
        foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
        {
            if (line.Length > 0) _builder.Append(' ', _indent * 4).Append(line);
            _builder.Append('\n');
        }
    }

    /// <summary>
    /// Writes <c>head(arguments)tail</c> on one line when it fits, else breaks after the parenthesis and writes the
    /// arguments one level deeper: together when they fit on one line, one per line when they do not.
    /// </summary>
    public void Call(string head, IReadOnlyList<string> arguments, string tail = "")
    {
        var joined = string.Join(", ", arguments);
        if (head.Length + joined.Length + tail.Length + 2 <= Room || arguments.Count == 0)
        {
            Line($"{head}({joined}){tail}");
            return;
        }
        Line(head + "(");
        _indent++;
        if (joined.Length + tail.Length + 1 <= Room)
            Line($"{joined}){tail}");
        else
            for (var i = 0; i < arguments.Count; i++)
                Line(i == arguments.Count - 1 ? $"{arguments[i]}){tail}" : arguments[i] + ",");
        _indent--;
    }

    /// <summary>Writes <c>head a + b + ctail</c> on one line when it fits, else each further term on a line of its own.</summary>
    public void Sum(string head, IReadOnlyList<string> terms, string tail = "")
    {
        var joined = string.Join(" + ", terms);
        if (head.Length + joined.Length + tail.Length <= Room)
        {
            Line(head + joined + tail);
            return;
        }
        Line(head + terms[0]);
        _indent++;
        for (var i = 1; i < terms.Count; i++) Line("+ " + terms[i] + (i == terms.Count - 1 ? tail : ""));
        _indent--;
    }

    /// <summary>Writes a collection expression <c>head[a, b]tail</c>, one item per line when it does not fit on one.</summary>
    public void List(IReadOnlyList<string> items, string tail = "", string head = "") => Enclosed(head, "[", "]", items, tail);

    /// <summary>Writes <c>head { a, b }tail</c> (an object initializer), one member per line when it does not fit on one.</summary>
    public void Initializer(string head, IReadOnlyList<string> members, string tail = "") => Enclosed(head + " ", "{ ", " }", members, tail);

    /// <summary>Writes <c>head open a, b close tail</c> on one line when it fits, else the head, the opening delimiter,
    /// each item with its comma and the closing delimiter on lines of their own.</summary>
    private void Enclosed(string head, string open, string close, IReadOnlyList<string> items, string tail)
    {
        var joined = string.Join(", ", items);
        if (head.Length + open.Length + joined.Length + close.Length + tail.Length <= Room)
        {
            Line(head + open + joined + close + tail);
            return;
        }
        if (head.Trim().Length > 0) Line(head.TrimEnd());
        Line(open.Trim());
        _indent++;
        foreach (var item in items) Line(item + ",");
        _indent--;
        Line(close.Trim() + tail);
    }

    /// <summary>Moves the indentation by <paramref name="levels"/>, for text written between braces of its own.</summary>
    public void Indent(int levels) => _indent += levels;

    /// <summary>Writes an XML doc summary, wrapped at spaces onto further <c>///</c> lines when it is long.</summary>
    public void Summary(string text)
    {
        var words = ("<summary>" + text + "</summary>").Split(' ');
        var line = new StringBuilder("///");
        foreach (var word in words)
        {
            if (line.Length > 3 && line.Length + 1 + word.Length > Room)
            {
                Line(line.ToString());
                line.Clear().Append("///");
            }
            line.Append(' ').Append(word);
        }
        Line(line.ToString());
    }

    /// <summary>Opens a block under <paramref name="header"/>, or under the line just written when it is null.</summary>
    public void Open(string? header)
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
    }

    public void Close()
    {
        _indent--;
        Line("}");
    }

    public IDisposable Block(string? header)
    {
        Open(header);
        return new Closer(this);
    }

    public override string ToString() => _builder.ToString();

    private sealed class Closer(SourceWriter writer) : IDisposable
    {
        public void Dispose() => writer.Close();
    }
}
