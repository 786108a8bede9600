using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace MlOps.Inference.Service.Serving;

/// <summary>
/// A regression-tree ensemble laid out to be evaluated without walking the trees (QuickScorer, Lucchese et al.,
/// SIGIR 2015). Each tree's leaves are numbered left to right and each tree keeps a bit per leaf, all set at first.
/// A split whose test fails (the value is not ≤ its threshold, so the row goes right) clears the leaves of its left
/// subtree; the leftmost leaf still set is where the row would have ended. The splits are kept per feature in
/// ascending threshold order, so a row's failed tests are exactly a prefix of each feature's list: evaluation is a
/// few sequential scans with no branch that depends on the tree's shape, which a walk mispredicts at every level.
/// </summary>
internal sealed class CompiledTrees
{
    public const int MaxLeaves = 64;

    private readonly int[] _slots;
    private readonly int[] _slotToFeature;
    private readonly int[] _firstSplit;
    private readonly Split[] _splits;
    private readonly double[] _leafValues;
    private readonly double _bias;

    private CompiledTrees(int[] slots, int featureCount, int[] firstSplit, Split[] splits, double[] leafValues, int trees, double bias)
    {
        _slots = slots;
        _slotToFeature = new int[featureCount];
        Array.Fill(_slotToFeature, -1);
        for (var feature = 0; feature < slots.Length; feature++)
        {
            _slotToFeature[slots[feature]] = feature;
        }

        _firstSplit = firstSplit;
        _splits = splits;
        _leafValues = leafValues;
        Trees = trees;
        _bias = bias;
    }

    public int Trees { get; }

    /// <summary>How many distinct feature slots the splits test.</summary>
    public int UsedFeatures => _slots.Length;

    /// <summary>Each used feature's thresholds, ascending.</summary>
    public IEnumerable<(int Slot, float[] Thresholds)> Thresholds => _slots.Select((slot, feature) =>
        (slot, _splits[_firstSplit[feature].._firstSplit[feature + 1]].Select(split => split.Threshold).ToArray()));

    /// <summary>
    /// The ensemble laid out for evaluation, or null when it has what this layout does not cover: categorical splits,
    /// more than <see cref="MaxLeaves"/> leaves in a tree, or a split on a slot outside the feature vector.
    /// </summary>
    public static CompiledTrees? TryCompile(RegressionTreeEnsemble ensemble, int featureCount)
    {
        var bySlot = new SortedDictionary<int, List<Split>>();
        var leafValues = new double[ensemble.Trees.Count * MaxLeaves];
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            if (tree.NumberOfLeaves > MaxLeaves || tree.CategoricalSplitFlags.Any(categorical => categorical))
            {
                return null;
            }

            var rank = new int[tree.NumberOfLeaves];
            var ordered = LeavesLeftToRight(tree, 0).ToList();
            for (var position = 0; position < ordered.Count; position++)
            {
                rank[ordered[position]] = position;
                leafValues[t * MaxLeaves + position] = ensemble.TreeWeights[t] * tree.LeafValues[ordered[position]];
            }

            for (var node = 0; node < tree.NumberOfNodes; node++)
            {
                var slot = tree.NumericalSplitFeatureIndexes[node];
                if (slot < 0 || slot >= featureCount)
                {
                    return null;
                }

                var keep = ulong.MaxValue;
                foreach (var leaf in LeavesLeftToRight(tree, tree.LeftChild[node]))
                {
                    keep &= ~(1UL << rank[leaf]);
                }

                if (!bySlot.TryGetValue(slot, out var splits))
                {
                    bySlot[slot] = splits = [];
                }

                splits.Add(new Split(tree.NumericalSplitThresholds[node], t, keep));
            }
        }

        var slots = bySlot.Keys.ToArray();
        var firstSplit = new int[slots.Length + 1];
        var all = new List<Split>();
        for (var feature = 0; feature < slots.Length; feature++)
        {
            firstSplit[feature] = all.Count;
            all.AddRange(bySlot[slots[feature]].OrderBy(split => split.Threshold));
        }

        firstSplit[slots.Length] = all.Count;
        return new CompiledTrees(slots, featureCount, firstSplit, [.. all], leafValues, ensemble.Trees.Count, ensemble.Bias);
    }

    /// <summary>
    /// The ensemble's output for one feature vector. <paramref name="exits"/> (one per tree) and
    /// <paramref name="values"/> (one per used feature) are the caller's scratch space.
    /// </summary>
    public double Evaluate(in VBuffer<float> features, Span<ulong> exits, Span<float> values)
    {
        Gather(features, values);
        exits.Fill(ulong.MaxValue);
        ref var exit = ref MemoryMarshal.GetReference(exits);
        ref var split = ref MemoryMarshal.GetArrayDataReference(_splits);
        for (var feature = 0; feature < values.Length; feature++)
        {
            var value = values[feature];
            var end = _firstSplit[feature + 1];
            var i = _firstSplit[feature];
            if (float.IsNaN(value))
            {
                // NaN fails every "value ≤ threshold" test, as ML.NET's walk does.
                for (; i < end; i++)
                {
                    ref var failed = ref Unsafe.Add(ref split, i);
                    Unsafe.Add(ref exit, failed.Tree) &= failed.Keep;
                }

                continue;
            }

            for (; i < end; i++)
            {
                ref var next = ref Unsafe.Add(ref split, i);
                if (!(next.Threshold < value))
                {
                    break;
                }

                Unsafe.Add(ref exit, next.Tree) &= next.Keep;
            }
        }

        var sum = 0.0;
        ref var leaf = ref MemoryMarshal.GetArrayDataReference(_leafValues);
        for (var t = 0; t < exits.Length; t++)
        {
            sum += Unsafe.Add(ref leaf, t * MaxLeaves + BitOperations.TrailingZeroCount(Unsafe.Add(ref exit, t)));
        }

        return sum + _bias;
    }

    private void Gather(in VBuffer<float> features, Span<float> values)
    {
        var stored = features.GetValues();
        if (features.IsDense)
        {
            for (var feature = 0; feature < _slots.Length; feature++)
            {
                values[feature] = stored[_slots[feature]];
            }

            return;
        }

        values.Clear();
        var indices = features.GetIndices();
        for (var i = 0; i < indices.Length; i++)
        {
            var feature = _slotToFeature[indices[i]];
            if (feature >= 0)
            {
                values[feature] = stored[i];
            }
        }
    }

    private static IEnumerable<int> LeavesLeftToRight(RegressionTree tree, int node)
    {
        if (tree.NumberOfNodes == 0)
        {
            return [0];
        }

        return node < 0 ? [~node] : LeavesLeftToRight(tree, tree.LeftChild[node]).Concat(LeavesLeftToRight(tree, tree.RightChild[node]));
    }

    private readonly record struct Split(float Threshold, int Tree, ulong Keep);
}