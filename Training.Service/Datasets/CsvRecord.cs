namespace MlOps.Training.Service.Datasets;

/// <summary>
/// One parsed CSV record: its fields as slices of a buffer the reader reuses, valid only while the
/// <see cref="ICsvRecordSink"/> that receives it is running.
/// </summary>
public sealed class CsvRecord
{
    private char[] _chars = new char[4096];
    private int[] _ends = new int[64];
    private int _length;

    /// <summary>The 1-based line the record starts on.</summary>
    public long Line { get; internal set; } = 1;

    public int Count { get; private set; }

    public ReadOnlySpan<char> this[int index] =>
        _chars.AsSpan((index == 0 ? 0 : _ends[index - 1]).._ends[index]);

    internal int Length => _length;

    internal void Append(char c)
    {
        if (_length == _chars.Length)
        {
            Array.Resize(ref _chars, _chars.Length * 2);
        }

        _chars[_length++] = c;
    }

    internal void EndField()
    {
        if (Count == _ends.Length)
        {
            Array.Resize(ref _ends, _ends.Length * 2);
        }

        _ends[Count++] = _length;
    }

    internal void Clear()
    {
        _length = 0;
        Count = 0;
    }
}