using System.Text;

using MlOps.Contracts.ModelPackages;
using MlOps.Training.Service.Datasets;

namespace MlOps.ComponentTests.Datasets;

/// <summary>Runs the CSV reader and profiler over text or bytes, as an upload does, for unit tests.</summary>
internal static class CsvParsing
{
    public static List<(long Line, string[] Fields)> Records(byte[] bytes, int chunkSize = int.MaxValue)
    {
        var sink = new CollectingSink();
        var reader = new CsvReader(sink);
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            reader.Append(bytes.AsSpan(offset, Math.Min(chunkSize, bytes.Length - offset)));
        }

        reader.Complete();
        return sink.Records;
    }

    public static List<(long Line, string[] Fields)> Records(string text, int chunkSize = int.MaxValue) =>
        Records(Encoding.UTF8.GetBytes(text), chunkSize);

    /// <summary>Both passes over <paramref name="bytes"/>: the schema and the profile.</summary>
    public static (DatasetSchema Schema, DataProfile Profile) Profile(byte[] bytes, string label)
    {
        var profiler = new DatasetProfiler(label);
        var first = new CsvReader(profiler);
        first.Append(bytes);
        first.Complete();
        var schema = profiler.Infer();

        var bins = profiler.CreateBinCounter();
        var second = new CsvReader(bins);
        second.Append(bytes);
        second.Complete();
        return (schema, profiler.Profile(bins));
    }

    public static (DatasetSchema Schema, DataProfile Profile) Profile(string text, string label) =>
        Profile(Encoding.UTF8.GetBytes(text), label);

    private sealed class CollectingSink : ICsvRecordSink
    {
        public List<(long Line, string[] Fields)> Records { get; } = [];

        public void OnRecord(CsvRecord record)
        {
            var fields = new string[record.Count];
            for (var i = 0; i < record.Count; i++)
            {
                fields[i] = record[i].ToString();
            }

            Records.Add((record.Line, fields));
        }
    }
}