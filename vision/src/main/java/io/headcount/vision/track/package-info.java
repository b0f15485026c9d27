/**
 * Motion-only tracking of faces per camera, in the manner of ByteTrack (Zhang et al., 2022) with
 * refinements from OC-SORT, StrongSORT and C-BIoU. It links the detections of one face across
 * frames so downstream counting sees one visitor, not one per frame. It uses box geometry and
 * detection scores only: no appearance feature, embedding or pixel is computed or kept, so nothing
 * biometric exists to link a face to anyone.
 *
 * <h2>Per frame ({@link io.headcount.vision.track.ByteTracker#update})</h2>
 *
 * <ol>
 *   <li><b>Predict.</b> Each track's Kalman filter ({@code KalmanBoxFilter}: centre x/y, width,
 *       height and their velocities; constant velocity; noise scaled by the box height) moves by
 *       the event time elapsed since the previous frame, so irregular frame intervals and dropped
 *       frames predict correctly. A frame older than the latest one predicts nothing (dt = 0). Lost
 *       tracks keep their size (size velocity set to 0, as ByteTrack does).
 *   <li><b>Split detections</b> by score: high ({@code >= highScore}, default 0.6), low ({@code
 *       lowScore} 0.3 up to high), ignored below.
 *   <li><b>Pass 1:</b> high-score detections against confirmed and lost tracks, IoU of predicted
 *       box and detection, minimum 0.2.
 *   <li><b>Pass 2 (ByteTrack's key idea):</b> low-score detections against the tracks that were
 *       still tracked in the previous frame and are unmatched, minimum IoU 0.5. A blurred or half
 *       hidden face scores low but is where its track predicts it; a low score never starts a
 *       track.
 *   <li><b>Pass 3:</b> remaining high-score detections against tentative tracks, minimum IoU 0.3.
 *   <li><b>Pass 4, recovery</b> of still unmatched confirmed tracks by remaining high-score
 *       detections, minimum IoU 0.3: (a) against the track's last observed box (OC-SORT's
 *       observation-centric recovery: a face that stopped while undetected), (b) against the
 *       predicted box with both boxes widened by {@code lostBoxGrowth} (0.1) of their size per
 *       missed frame, at most half (C-BIoU: a face coming out from behind another is first seen in
 *       part, and its predicted place drifts), (c) for tracks lost in at least the 2 frames before,
 *       the nearest remaining detection of a similar height (within 1.5 times) whose centre lies
 *       within {@code lostReach} (4) box heights per second unseen of the last observed box's
 *       centre (a face that stood still, tracked, so with a velocity near zero, then walked off
 *       while undetected), but never a detection cut by a frame edge the last box was not on
 *       (someone entering). Only after every tracked face took its detection, so wider boxes cannot
 *       steal one.
 *   <li><b>Update</b> matched tracks. The measurement noise grows as the score falls (NSA Kalman,
 *       as in StrongSORT), so half-hidden faces move a track less. A box on the frame's edge is a
 *       cut face: on that axis only its inner edge is measured (else a face entering the frame, its
 *       box growing from the edge, would drag the velocity down); this needs the frame size in
 *       {@link io.headcount.vision.track.FrameDetections}. A track found again after misses takes
 *       its velocity from its last two real observations (OC-SORT's re-update, reduced to its
 *       effect).
 *   <li><b>Lifecycle.</b> Unmatched high-score detections ({@code >= newTrackScore}) start
 *       <i>tentative</i> tracks; a tentative track is <i>confirmed</i> at {@code hitsToConfirm} (3)
 *       matched frames and deleted when missed (more than {@code tentativeMaxMisses}, 0). A
 *       confirmed track that is missed is <i>lost</i>, still predicted and matchable, and
 *       <i>deleted</i> after more than {@code maxMisses} (30) missed frames or more than {@code
 *       maxLostMillis} (3000 ms) of event time unseen.
 * </ol>
 *
 * <p>Assignment in every pass is globally optimal (Hungarian method on {@code 1 - IoU}, pairs below
 * the pass's minimum IoU never matched), not greedy, so two faces crossing are resolved by the
 * whole frame's best fit.
 *
 * <h2>Ids</h2>
 *
 * Track ids are 64 random bits from {@link java.security.SecureRandom} as 16 hex digits ({@link
 * io.headcount.vision.track.RandomTrackIds}), drawn on the task: nothing in them relates to the
 * camera, the time, a counter or another run, so tracks cannot be linked across cameras, days or
 * restarts. Tentative tracks get their id at once; it stays when they are confirmed.
 *
 * <h2>In Flink</h2>
 *
 * {@link io.headcount.inference.functions.TrackFacesFunction} ({@code track-faces}) is a keyed
 * process function on a stream keyed by camera. Its state per camera is one {@link
 * io.headcount.vision.track.TrackerState} (Flink POJOs with primitive arrays, no Kryo); its timers
 * clear that state when the camera has been idle for {@code maxLostMillis} of event time, and a
 * frame that leaves no track clears it at once. A camera's frames must arrive in capture order (one
 * Kafka partition per camera). {@link io.headcount.inference.functions.FrameTracking} adapts the
 * pipeline's own frame record, so the tracker sits between two stages without a join.
 */
package io.headcount.vision.track;
