namespace MlOps.Console.Components.Charts;

/// <summary>
/// Largest-triangle-three-buckets: keeps the first and last points and, from each bucket between, the point that
/// spans the largest triangle with its neighbours, so peaks and dips survive while a chart never draws more points
/// than it has pixels for.
/// </summary>
public static class Thinning
{
    public static IReadOnlyList<ChartPoint> Thin(IReadOnlyList<ChartPoint> points, int maxPoints)
    {
        if (points.Count <= maxPoints || maxPoints < 3)
        {
            return points;
        }

        var kept = new List<ChartPoint>(maxPoints) { points[0] };
        var bucketSize = (double)(points.Count - 2) / (maxPoints - 2);
        var previous = points[0];
        for (var bucket = 0; bucket < maxPoints - 2; bucket++)
        {
            var start = (int)(bucket * bucketSize) + 1;
            var end = Math.Min((int)((bucket + 1) * bucketSize) + 1, points.Count - 1);
            var nextStart = end;
            var nextEnd = Math.Min((int)((bucket + 2) * bucketSize) + 1, points.Count);
            double averageX = 0, averageY = 0;
            for (var i = nextStart; i < nextEnd; i++)
            {
                averageX += points[i].X;
                averageY += points[i].Y;
            }

            var nextCount = Math.Max(1, nextEnd - nextStart);
            averageX /= nextCount;
            averageY /= nextCount;

            var best = points[start];
            var bestArea = -1.0;
            for (var i = start; i < end; i++)
            {
                var area = Math.Abs(((previous.X - averageX) * (points[i].Y - previous.Y)) - ((previous.X - points[i].X) * (averageY - previous.Y)));
                if (area > bestArea)
                {
                    bestArea = area;
                    best = points[i];
                }
            }

            kept.Add(best);
            previous = best;
        }

        kept.Add(points[^1]);
        return kept;
    }
}