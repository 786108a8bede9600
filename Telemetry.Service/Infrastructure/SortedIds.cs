using System.Buffers.Binary;

namespace MlOps.Telemetry.Service.Infrastructure;

/// <summary>
/// Prediction ids as PostgreSQL orders them (their 16 bytes compared in order), packed 16 bytes each in ascending
/// order: a block's id list, searched without decoding the block.
/// </summary>
public static class SortedIds
{
    public static readonly IComparer<Guid> Order = Comparer<Guid>.Create(Compare);

    public static int Compare(Guid a, Guid b) => Key(a).CompareTo(Key(b));

    public static byte[] Pack(IEnumerable<Guid> ids)
    {
        var keys = ids.Select(Key).ToArray();
        Array.Sort(keys);
        var packed = new byte[keys.Length * 16];
        for (var i = 0; i < keys.Length; i++)
        {
            BinaryPrimitives.WriteUInt128BigEndian(packed.AsSpan(i * 16), keys[i]);
        }

        return packed;
    }

    public static bool Contains(byte[] packed, Guid id)
    {
        var wanted = Key(id);
        var (low, high) = (0, (packed.Length / 16) - 1);
        while (low <= high)
        {
            var middle = (low + high) >>> 1;
            var order = BinaryPrimitives.ReadUInt128BigEndian(packed.AsSpan(middle * 16)).CompareTo(wanted);
            if (order == 0)
            {
                return true;
            }

            (low, high) = order < 0 ? (middle + 1, high) : (low, middle - 1);
        }

        return false;
    }

    /// <summary>The id's 16 bytes in PostgreSQL's order, as one number.</summary>
    private static UInt128 Key(Guid id)
    {
        Span<byte> bytes = stackalloc byte[16];
        id.TryWriteBytes(bytes, bigEndian: true, out _);
        return BinaryPrimitives.ReadUInt128BigEndian(bytes);
    }
}