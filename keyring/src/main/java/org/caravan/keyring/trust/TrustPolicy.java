package org.caravan.keyring.trust;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The store's rules as data (carried, signed, in the catalog), so a store can change them without code.
 *
 * @param levels the level names by rank, lowest first (rank = index); a store may rename or add levels
 * @param publishAlone the lowest level whose signature alone makes a package installable
 * @param mentor the lowest level whose co-signature counts for a newcomer's package
 * @param maintainer the lowest level that certifies and revokes for the store within its scope
 * @param promotions how many certifications promote a key one level, per starting level
 * @param mentorCoSignatures how many mentors must co-sign a package signed by a key below {@code publishAlone}
 * @param rootThreshold k: how many distinct roots must make a store certification or revocation
 * @param crypto which algorithms and key sizes are still accepted
 */
public record TrustPolicy(List<Level> levels, Level publishAlone, Level mentor, Level maintainer,
        List<Promotion> promotions, int mentorCoSignatures, int rootThreshold, CryptoPolicy crypto) {

    public static final List<Level> DEFAULT_LEVELS = List.of(Level.NEWCOMER, Level.DEVELOPER, Level.MENTOR, Level.MAINTAINER);
    /** The original idea: about 20 co-signatures move a key one step; maintainers are only made by roots. */
    public static final List<Promotion> DEFAULT_PROMOTIONS = List.of(new Promotion(0, 20), new Promotion(1, 20));
    public static final TrustPolicy DEFAULT = new TrustPolicy(DEFAULT_LEVELS, Level.DEVELOPER, Level.MENTOR,
            Level.MAINTAINER, DEFAULT_PROMOTIONS, 1, 1, CryptoPolicy.DEFAULT);

    public TrustPolicy {
        if (levels == null || levels.isEmpty()) {
            throw new IllegalArgumentException("trust policy names no levels");
        }
        levels = List.copyOf(levels);
        for (int i = 0; i < levels.size(); i++) {
            if (levels.get(i).rank() != i) {
                throw new IllegalArgumentException("trust policy level '" + levels.get(i).name() + "' has rank "
                        + levels.get(i).rank() + " but stands at position " + i);
            }
            for (int j = 0; j < i; j++) {
                if (levels.get(j).name().equals(levels.get(i).name())) {
                    throw new IllegalArgumentException("trust policy names level '" + levels.get(i).name() + "' twice");
                }
            }
        }
        if (publishAlone == null || mentor == null || maintainer == null) {
            throw new IllegalArgumentException("trust policy needs the publish-alone, mentor and maintainer levels");
        }
        publishAlone = named(levels, publishAlone);
        mentor = named(levels, mentor);
        maintainer = named(levels, maintainer);
        promotions = promotions == null ? List.of() : promotions.stream()
                .sorted(Comparator.comparingInt(Promotion::from)).toList();
        for (int i = 0; i < promotions.size(); i++) {
            Promotion p = promotions.get(i);
            if (p.to() >= levels.size()) {
                throw new IllegalArgumentException("promotion from level " + p.from() + " leads to an undefined level "
                        + p.to());
            }
            if (i > 0 && promotions.get(i - 1).from() == p.from()) {
                throw new IllegalArgumentException("trust policy has two promotion rules from level " + p.from());
            }
        }
        if (mentorCoSignatures < 1) {
            throw new IllegalArgumentException("a newcomer's package needs at least one mentor co-signature, not "
                    + mentorCoSignatures);
        }
        if (rootThreshold < 1) {
            throw new IllegalArgumentException("root threshold k must be at least 1, not " + rootThreshold);
        }
        if (crypto == null) {
            crypto = CryptoPolicy.DEFAULT;
        }
    }

    /** The default policy with another level allowed to publish alone (kept for the walking skeleton's callers). */
    public TrustPolicy(Level publishAlone) {
        this(DEFAULT_LEVELS, publishAlone, Level.MENTOR, Level.MAINTAINER, DEFAULT_PROMOTIONS, 1, 1, CryptoPolicy.DEFAULT);
    }

    /** Builds a policy from level names (rank = position) and rank-valued roles, as a catalog carries it. */
    public static TrustPolicy of(List<String> levelNames, int publishAloneRank, int mentorRank, int maintainerRank,
            List<Promotion> promotions, int mentorCoSignatures, int rootThreshold) {
        List<Level> levels = new ArrayList<>();
        for (int i = 0; i < levelNames.size(); i++) {
            levels.add(new Level(i, levelNames.get(i)));
        }
        for (int rank : new int[] {publishAloneRank, mentorRank, maintainerRank}) {
            if (rank < 0 || rank >= levels.size()) {
                throw new IllegalArgumentException("trust policy role refers to level " + rank + " but only "
                        + levels.size() + " levels are named");
            }
        }
        return new TrustPolicy(levels, levels.get(publishAloneRank), levels.get(mentorRank), levels.get(maintainerRank),
                promotions, mentorCoSignatures, rootThreshold, CryptoPolicy.DEFAULT);
    }

    public TrustPolicy withRootThreshold(int k) {
        return new TrustPolicy(levels, publishAlone, mentor, maintainer, promotions, mentorCoSignatures, k, crypto);
    }

    public TrustPolicy withPromotions(List<Promotion> steps) {
        return new TrustPolicy(levels, publishAlone, mentor, maintainer, steps, mentorCoSignatures, rootThreshold, crypto);
    }

    public TrustPolicy withMentorCoSignatures(int n) {
        return new TrustPolicy(levels, publishAlone, mentor, maintainer, promotions, n, rootThreshold, crypto);
    }

    public TrustPolicy withCrypto(CryptoPolicy c) {
        return new TrustPolicy(levels, publishAlone, mentor, maintainer, promotions, mentorCoSignatures, rootThreshold, c);
    }

    /** The policy's name for a rank; ranks beyond the named levels keep a generic name. */
    public Level level(int rank) {
        return rank < levels.size() ? levels.get(rank) : Level.ofRank(rank);
    }

    /** The level a certification's rank means under this policy (names follow the policy). */
    public Level level(Level encoded) {
        return level(encoded.rank());
    }

    public Optional<Promotion> promotionFrom(int rank) {
        return promotions.stream().filter(p -> p.from() == rank).findFirst();
    }

    public int topRank() {
        return levels.size() - 1;
    }

    private static Level named(List<Level> levels, Level l) {
        if (l.rank() >= levels.size()) {
            throw new IllegalArgumentException("trust policy role refers to level " + l + " (rank " + l.rank()
                    + ") but only " + levels.size() + " levels are named");
        }
        return levels.get(l.rank());
    }
}
