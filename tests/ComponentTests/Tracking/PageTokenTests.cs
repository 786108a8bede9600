using MlOps.Training.Service.Tracking;

using Xunit;

namespace MlOps.ComponentTests.Tracking;

public sealed class PageTokenTests
{
    [Fact]
    public void A_token_decodes_to_the_offset_it_was_made_from()
    {
        Assert.True(PageToken.TryDecode(PageToken.Encode(300), out var offset));
        Assert.Equal(300, offset);
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("MzAw")]
    [InlineData("b2Zmc2V0Oi0x")]
    public void Anything_else_is_refused(string token)
    {
        Assert.False(PageToken.TryDecode(token, out _));
    }
}