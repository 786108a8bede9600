namespace MlOps.Training.Service.Datasets;

/// <summary>Receives the records of a CSV file in order; the first one is the header.</summary>
public interface ICsvRecordSink
{
    void OnRecord(CsvRecord record);
}