using System.Globalization;
using System.Text;

namespace Facet.Core.Commerce.Internal;

/// <summary>
/// A small, strict parser for the Python literals that Shape B exports nest inside CSV fields
/// (<c>str(dict)</c>/<c>str(list)</c>): dicts with string keys, lists, tuples are not accepted; strings in single or
/// double quotes (optional <c>u</c> prefix) with Python's escapes; ints; floats; True/False/None. JSON's
/// true/false/null and double-quoted strings are accepted too, so a JSON text parses the same. Anything else — a
/// missing quote or bracket, trailing text, nan/inf, a non-string key, nesting deeper than the limit — fails with a
/// message that says where.
/// </summary>
internal ref struct PythonLiteralParser
{
    private readonly ReadOnlySpan<char> _text;
    private readonly int _maxDepth;
    private int _pos;
    private string? _error;

    private PythonLiteralParser(ReadOnlySpan<char> text, int maxDepth)
    {
        _text = text;
        _maxDepth = maxDepth;
    }

    public static bool TryParse(ReadOnlySpan<char> text, int maxDepth, out Literal value, out string error)
    {
        var parser = new PythonLiteralParser(text, maxDepth);
        var parsed = parser.ParseValue(0);
        parser.SkipSpace();
        if (parsed is not null && parser._pos != text.Length)
        {
            parsed = null;
            parser.Fail("unexpected text after the value");
        }

        value = parsed ?? Literal.NoneValue;
        error = parser._error ?? string.Empty;
        return parsed is not null;
    }

    private Literal? ParseValue(int depth)
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            return Fail("the text ends where a value was expected");
        }

        var c = _text[_pos];
        switch (c)
        {
            case '{':
                return depth >= _maxDepth ? Fail($"nesting deeper than {_maxDepth}") : ParseDict(depth + 1);
            case '[':
                return depth >= _maxDepth ? Fail($"nesting deeper than {_maxDepth}") : ParseList(depth + 1);
            case '\'' or '"':
                return ParseString() is { } s ? Literal.FromString(s) : null;
            case 'u' or 'U' when _pos + 1 < _text.Length && _text[_pos + 1] is '\'' or '"':
                _pos++;
                return ParseString() is { } u ? Literal.FromString(u) : null;
            default:
                if (c is '-' or '+' or '.' || char.IsAsciiDigit(c))
                {
                    return ParseNumber();
                }

                return ParseWord();
        }
    }

    private Literal? ParseDict(int depth)
    {
        _pos++;
        var members = new List<KeyValuePair<string, Literal>>();
        SkipSpace();
        if (TryConsume('}'))
        {
            return Literal.FromDict(members);
        }

        while (true)
        {
            SkipSpace();
            if (_pos >= _text.Length || _text[_pos] is not ('\'' or '"' or 'u'))
            {
                return Fail("a dict key must be a quoted string");
            }

            if (_text[_pos] == 'u')
            {
                _pos++;
            }

            if (ParseString() is not { } key)
            {
                return null;
            }

            SkipSpace();
            if (!TryConsume(':'))
            {
                return Fail("expected ':' after a dict key");
            }

            if (ParseValue(depth) is not { } value)
            {
                return null;
            }

            members.Add(new KeyValuePair<string, Literal>(key, value));
            SkipSpace();
            if (TryConsume('}'))
            {
                return Literal.FromDict(members);
            }

            if (!TryConsume(','))
            {
                return Fail("expected ',' or '}' in a dict");
            }

            SkipSpace();
            if (TryConsume('}'))
            {
                return Literal.FromDict(members);
            }
        }
    }

    private Literal? ParseList(int depth)
    {
        _pos++;
        var items = new List<Literal>();
        SkipSpace();
        if (TryConsume(']'))
        {
            return Literal.FromList(items);
        }

        while (true)
        {
            if (ParseValue(depth) is not { } item)
            {
                return null;
            }

            items.Add(item);
            SkipSpace();
            if (TryConsume(']'))
            {
                return Literal.FromList(items);
            }

            if (!TryConsume(','))
            {
                return Fail("expected ',' or ']' in a list");
            }

            SkipSpace();
            if (TryConsume(']'))
            {
                return Literal.FromList(items);
            }
        }
    }

    private string? ParseString()
    {
        var quote = _text[_pos++];
        var builder = new StringBuilder();
        while (_pos < _text.Length)
        {
            var c = _text[_pos++];
            if (c == quote)
            {
                return builder.ToString();
            }

            if (c is '\n' or '\r')
            {
                Fail("a line break inside a quoted string");
                return null;
            }

            if (c != '\\')
            {
                builder.Append(c);
                continue;
            }

            if (_pos >= _text.Length)
            {
                break;
            }

            var e = _text[_pos++];
            switch (e)
            {
                case '\\' or '\'' or '"':
                    builder.Append(e);
                    break;
                case 'n':
                    builder.Append('\n');
                    break;
                case 't':
                    builder.Append('\t');
                    break;
                case 'r':
                    builder.Append('\r');
                    break;
                case 'x' when TryHex(2, out var x):
                    builder.Append((char)x);
                    break;
                case 'u' when TryHex(4, out var u):
                    builder.Append((char)u);
                    break;
                case 'U' when TryHex(8, out var big) && big <= 0x10FFFF:
                    builder.Append(char.ConvertFromUtf32(big));
                    break;
                case 'x' or 'u' or 'U':
                    Fail($"a bad \\{e} escape");
                    return null;
                default:
                    // Python keeps the backslash of an escape it does not know ('\d' is two characters).
                    builder.Append('\\').Append(e);
                    break;
            }
        }

        Fail($"a string opened with {quote} is not closed");
        return null;
    }

    private bool TryHex(int count, out int value)
    {
        value = 0;
        if (_pos + count > _text.Length || !int.TryParse(_text.Slice(_pos, count), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        if (count == 4 && value is >= 0xD800 and <= 0xDFFF)
        {
            return false;
        }

        _pos += count;
        return true;
    }

    private Literal? ParseNumber()
    {
        var start = _pos;
        if (_text[_pos] is '-' or '+')
        {
            _pos++;
        }

        var digits = 0;
        var isInteger = true;
        while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
        {
            _pos++;
            digits++;
        }

        if (_pos < _text.Length && _text[_pos] == '.')
        {
            isInteger = false;
            _pos++;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
                digits++;
            }
        }

        if (digits == 0)
        {
            return Fail("a number without digits");
        }

        if (_pos < _text.Length && _text[_pos] is 'e' or 'E')
        {
            isInteger = false;
            _pos++;
            if (_pos < _text.Length && _text[_pos] is '-' or '+')
            {
                _pos++;
            }

            var exponentDigits = 0;
            while (_pos < _text.Length && char.IsAsciiDigit(_text[_pos]))
            {
                _pos++;
                exponentDigits++;
            }

            if (exponentDigits == 0)
            {
                return Fail("an exponent without digits");
            }
        }

        if (_pos < _text.Length && (char.IsAsciiLetter(_text[_pos]) || _text[_pos] == '_'))
        {
            return Fail("a number followed by letters");
        }

        var text = _text[start.._pos];
        return Literal.FromNumber(text[0] == '+' ? text[1..].ToString() : text.ToString(), isInteger);
    }

    private Literal? ParseWord()
    {
        var start = _pos;
        while (_pos < _text.Length && char.IsAsciiLetter(_text[_pos]))
        {
            _pos++;
        }

        return _text[start.._pos] switch
        {
            "True" or "true" => Literal.FromBool(true),
            "False" or "false" => Literal.FromBool(false),
            "None" or "null" => Literal.NoneValue,
            _ => FailAt(start, "unexpected text"),
        };
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && _text[_pos] is ' ' or '\t' or '\n' or '\r')
        {
            _pos++;
        }
    }

    private bool TryConsume(char c)
    {
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private Literal? Fail(string what) => FailAt(_pos, what);

    private Literal? FailAt(int at, string what)
    {
        _error ??= string.Create(CultureInfo.InvariantCulture, $"{what} at character {at + 1}");
        return null;
    }
}
