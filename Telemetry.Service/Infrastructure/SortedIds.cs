namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Prediction ids as PostgreSQL orders them (their 16 bytes compared in order), packed 16 bytes each in ascending
/// order: a block's id list, searched without decoding the block.
/// </summary>
public static class SortedIds
{
    public static byte[] Bytes(Guid id)
    {
        var bytes = new byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return bytes;
    }

    public static int Compare(Guid a, Guid b) => Bytes(a).AsSpan().SequenceCompareTo(Bytes(b));

    public static byte[] Pack(IEnumerable<Guid> ids)
    {
        var sorted = ids.Select(Bytes).ToList();
        sorted.Sort((a, b) => a.AsSpan().SequenceCompareTo(b));
        var packed = new byte[sorted.Count * 16];
        for (var i = 0; i < sorted.Count; i++)
        {
            sorted[i].CopyTo(packed, i * 16);
        }

        return packed;
    }

    public static bool Contains(byte[] packed, Guid id)
    {
        Span<byte> wanted = stackalloc byte[16];
        id.TryWriteBytes(wanted, bigEndian: true, out _);
        var (low, high) = (0, (packed.Length / 16) - 1);
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = packed.AsSpan(middle * 16, 16).SequenceCompareTo(wanted);
            if (order == 0)
            {
                return true;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return false;
    }
}