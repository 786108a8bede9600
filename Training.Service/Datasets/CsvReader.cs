using System.Buffers;
using System.Text.Unicode;

namespace MlOps.Training.Service.Datasets;

/// <summary>
/// Reads RFC 4180 CSV pushed to it in chunks of UTF-8 bytes of any size: comma separated, fields optionally
/// in double quotes with <c>""</c> for a quote, quoted fields may span lines, records end at CRLF, LF or CR.
/// A leading byte order mark is skipped and blank lines are ignored. Each record goes to the sink as soon as
/// it is complete; anything malformed throws <see cref="CsvFormatException"/> naming the line.
/// </summary>
public sealed class CsvReader(ICsvRecordSink sink)
{
    /// <summary>The longest record accepted, in characters, so one runaway quoted field cannot exhaust memory.</summary>
    public const int MaxRecordChars = 4 * 1024 * 1024;

    private readonly CsvRecord _record = new();
    private readonly char[] _chars = new char[16 * 1024];
    private readonly byte[] _carry = new byte[4];
    private int _carryLength;
    private bool _started;
    private State _state = State.FieldStart;
    private long _line = 1;
    private long _quoteLine;
    private bool _afterCarriageReturn;
    private bool _recordHasContent;

    private enum State
    {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }

    public void Append(ReadOnlySpan<byte> utf8) => Decode(utf8, isFinalBlock: false);

    /// <summary>Ends the input: a record without a final line break is delivered, an open quote is an error.</summary>
    public void Complete()
    {
        Decode([], isFinalBlock: true);
        if (_state == State.Quoted)
        {
            throw new CsvFormatException(_quoteLine, "A quoted field is never closed: its opening quote has no matching closing quote.");
        }

        if (_state != State.FieldStart || _record.Count > 0 || _recordHasContent)
        {
            EndRecord();
        }
    }

    private void Decode(ReadOnlySpan<byte> bytes, bool isFinalBlock)
    {
        if (_carryLength > 0)
        {
            // A character split between chunks: finish it from the first bytes of this one.
            Span<byte> joined = stackalloc byte[8];
            var take = Math.Min(bytes.Length, 4);
            _carry.AsSpan(0, _carryLength).CopyTo(joined);
            bytes[..take].CopyTo(joined[_carryLength..]);
            var total = _carryLength + take;
            var status = Utf8.ToUtf16(
                joined[..total], _chars, out var read, out var written, replaceInvalidSequences: false,
                isFinalBlock: isFinalBlock && take == bytes.Length);
            Parse(_chars.AsSpan(0, written));
            if (status == OperationStatus.InvalidData)
            {
                throw InvalidUtf8();
            }

            if (read < _carryLength)
            {
                joined[read..total].CopyTo(_carry);
                _carryLength = total - read;
                return;
            }

            bytes = bytes[(read - _carryLength)..];
            _carryLength = 0;
        }

        while (!bytes.IsEmpty)
        {
            var status = Utf8.ToUtf16(bytes, _chars, out var read, out var written, replaceInvalidSequences: false, isFinalBlock);
            Parse(_chars.AsSpan(0, written));
            bytes = bytes[read..];
            switch (status)
            {
                case OperationStatus.InvalidData:
                    throw InvalidUtf8();
                case OperationStatus.NeedMoreData:
                    bytes.CopyTo(_carry);
                    _carryLength = bytes.Length;
                    return;
            }
        }
    }

    private void Parse(ReadOnlySpan<char> chars)
    {
        foreach (var c in chars)
        {
            if (!_started)
            {
                _started = true;
                if (c == '\uFEFF')
                {
                    continue;
                }
            }

            if (_afterCarriageReturn)
            {
                _afterCarriageReturn = false;
                if (c == '\n')
                {
                    // The LF of a CRLF: the CR already ended the line.
                    if (_state == State.Quoted)
                    {
                        Append(c);
                    }

                    continue;
                }
            }

            switch (_state)
            {
                case State.FieldStart:
                    if (c == '"')
                    {
                        _state = State.Quoted;
                        _quoteLine = _line;
                        _recordHasContent = true;
                    }
                    else
                    {
                        Unquoted(c);
                    }

                    break;
                case State.Unquoted:
                    Unquoted(c);
                    break;
                case State.Quoted:
                    if (c == '"')
                    {
                        _state = State.QuoteInQuoted;
                    }
                    else
                    {
                        Append(c);
                        if (c is '\r' or '\n')
                        {
                            NewLine(c);
                        }
                    }

                    break;
                case State.QuoteInQuoted:
                    if (c == '"')
                    {
                        Append(c);
                        _state = State.Quoted;
                    }
                    else if (c is ',' or '\r' or '\n')
                    {
                        Unquoted(c);
                    }
                    else
                    {
                        throw new CsvFormatException(_line,
                            $"A closing quote must be followed by a comma or the end of the line, not '{c}'.");
                    }

                    break;
            }
        }
    }

    private void Unquoted(char c)
    {
        switch (c)
        {
            case ',':
                _record.EndField();
                _recordHasContent = true;
                _state = State.FieldStart;
                break;
            case '\r' or '\n':
                EndRecord();
                NewLine(c);
                break;
            default:
                Append(c);
                _recordHasContent |= !char.IsWhiteSpace(c);
                _state = State.Unquoted;
                break;
        }
    }

    private void Append(char c)
    {
        if (_record.Length == MaxRecordChars)
        {
            throw new CsvFormatException(_record.Line, $"The row is longer than {MaxRecordChars} characters.");
        }

        _record.Append(c);
    }

    private void NewLine(char c)
    {
        _line++;
        _afterCarriageReturn = c == '\r';
        if (_state != State.Quoted)
        {
            _record.Line = _line;
        }
    }

    // A line holding nothing, or only unquoted whitespace, is not a record.
    private void EndRecord()
    {
        _record.EndField();
        if (_recordHasContent)
        {
            sink.OnRecord(_record);
        }

        _record.Clear();
        _recordHasContent = false;
        _state = State.FieldStart;
    }

    private CsvFormatException InvalidUtf8() => new(_line, "The body is not valid UTF-8.");
}