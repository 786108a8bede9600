using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace MlOps.ComponentTests.Datasets;

/// <summary>
/// A CSV body written row by row as it is sent, never held whole in memory, with no declared length (so it
/// goes chunked); it hashes what it writes so a test can compare the server's SHA-256.
/// </summary>
internal sealed class GeneratedCsvContent(long targetBytes) : HttpContent
{
    public const string Header = "id,x,y,group,label\n";

    public long Rows { get; private set; }

    public long Bytes { get; private set; }

    public string Sha256 { get; private set; } = "";

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var batch = new StringBuilder(Header);
        while (Bytes < targetBytes)
        {
            for (var i = 0; i < 1000; i++, Rows++)
            {
                batch.Append(CultureInfo.InvariantCulture,
                    $"{Rows},{Rows % 997 * 0.25},{Math.Sin(Rows):F6},g{Rows % 7},{(Rows % 3 == 0 ? "yes-class" : "no-class")}\n");
            }

            var bytes = Encoding.UTF8.GetBytes(batch.ToString());
            batch.Clear();
            hash.AppendData(bytes);
            await stream.WriteAsync(bytes);
            Bytes += bytes.Length;
        }

        Sha256 = Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}