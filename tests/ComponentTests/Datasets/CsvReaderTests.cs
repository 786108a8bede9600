using System.Text;

using MlOps.Training.Service.Datasets;

using Xunit;

namespace MlOps.ComponentTests.Datasets;

public sealed class CsvReaderTests
{
    [Fact]
    public void Quoted_fields_hold_commas_escaped_quotes_and_line_breaks()
    {
        var records = CsvParsing.Records("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,,3\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(["1", "", "3"], records[2].Fields);
    }

    [Fact]
    public void Crlf_lf_and_cr_all_end_records_and_a_final_line_break_is_optional()
    {
        var records = CsvParsing.Records("a,b\r\n1,2\n3,4\r5,6");

        Assert.Equal([["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]], records.Select(r => r.Fields));
        Assert.Equal([1L, 2, 3, 4], records.Select(r => r.Line));
    }

    [Fact]
    public void A_crlf_inside_quotes_is_kept_and_counted_as_one_line()
    {
        var records = CsvParsing.Records("a,b\r\n\"one\r\ntwo\",x\r\nlast,y\r\n");

        Assert.Equal("one\r\ntwo", records[1].Fields[0]);
        Assert.Equal(2, records[1].Line);
        Assert.Equal(4, records[2].Line);
    }

    [Fact]
    public void A_byte_order_mark_is_skipped_and_blank_lines_ignored()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("name,v\n\n  \nb,1\n\n")).ToArray();

        var records = CsvParsing.Records(bytes);

        Assert.Equal([["name", "v"], ["b", "1"]], records.Select(r => r.Fields));
        Assert.Equal(4, records[1].Line);
    }

    [Fact]
    public void Chunk_boundaries_anywhere_give_the_same_records_even_inside_multibyte_characters()
    {
        var bytes = Encoding.UTF8.GetPreamble()
            .Concat(Encoding.UTF8.GetBytes("city,note\r\n\"Zürich\",\"€ 5, \"\"cheap\"\"\"\r\nKyōto,🙂\r\n"))
            .ToArray();

        var whole = CsvParsing.Records(bytes);
        var byteByByte = CsvParsing.Records(bytes, chunkSize: 1);
        var byTwos = CsvParsing.Records(bytes, chunkSize: 2);

        Assert.Equal(["Zürich", "€ 5, \"cheap\""], whole[1].Fields);
        Assert.Equal(["Kyōto", "🙂"], whole[2].Fields);
        Assert.Equal(whole.Select(r => r.Fields), byteByByte.Select(r => r.Fields));
        Assert.Equal(whole.Select(r => r.Fields), byTwos.Select(r => r.Fields));
        Assert.Equal(whole.Select(r => r.Line), byteByByte.Select(r => r.Line));
    }

    [Fact]
    public void An_unterminated_quote_names_the_line_where_it_opened()
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvParsing.Records("a,b\n1,2\n3,\"open\nstill open\n"));

        Assert.Equal(3, error.Line);
        Assert.Contains("never closed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_after_a_closing_quote_is_an_error_on_its_line()
    {
        var error = Assert.Throws<CsvFormatException>(() => CsvParsing.Records("a,b\n1,2\n\"x\"y,3\n"));

        Assert.Equal(3, error.Line);
        Assert.Contains("closing quote", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { (byte)'a', (byte)'\n', (byte)'b', (byte)'\n', 0xC3, 0x28, (byte)'\n' }, 3)]
    [InlineData(new byte[] { (byte)'a', (byte)'\n', 0xFF, (byte)'\n' }, 2)]
    [InlineData(new byte[] { (byte)'a', (byte)'\n', (byte)'b', 0xE2, 0x82 }, 2)]
    public void Invalid_utf8_is_an_error_on_its_line_in_any_chunking(byte[] bytes, long line)
    {
        var whole = Assert.Throws<CsvFormatException>(() => CsvParsing.Records(bytes));
        var byteByByte = Assert.Throws<CsvFormatException>(() => CsvParsing.Records(bytes, chunkSize: 1));

        Assert.Equal(line, whole.Line);
        Assert.Equal(line, byteByByte.Line);
        Assert.Contains("UTF-8", whole.Message, StringComparison.Ordinal);
    }
}