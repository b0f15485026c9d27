package io.headcount.scoring.score;

/**
 * The persons whose face was never shown well enough to judge ({@code TruthPerson.judgeable()}
 * false: too small, too turned or too blurred in every frame). They count as visitors when detected
 * (and as missed when not), but stay out of the attribute and impression accuracy and of the
 * determined share: declining to judge them is the right answer, and a judgement of them says more
 * about luck than about the product.
 *
 * @param persons never-judgeable persons in the truth
 * @param matched of those, matched by at least one counted track
 * @param missed of those, matched by no track
 * @param sexDetermined matched tracks of those persons whose fused sex is determined (not {@code
 *     undetermined}): the product answered where the truth says the face could not be judged
 * @param sexCorrect of those, equal to the truth
 */
public record NeverJudgeableScore(
        long persons, long matched, long missed, long sexDetermined, long sexCorrect) {}
