#!/bin/sh
# Freeze test data, run the tests on the frozen copy, resync: the CLI twin of the siWithSplitPair example in
# docs/jenkins-plugin.md ("Freeze test data for a CI run"), for a shell or any CI.
#
#   VSP_URL, VSP_CA_CERT, VSP_USER   the array, its certificate (PEM) and the REST API user
#   SHADOWIMAGE_PASSWORD             that user's password (never on the command line; COMMAND does not see it)
#   TESTS                            the test command (default: ./run-tests --data /mnt/testdata)
#   STATE_DIR                        where the state file goes (default /tmp): after kill -9,
#                                    'shadowimage resume --state-file $STATE_DIR/ci-testdata.state' does the resync
#
# The pair is created once; later runs find it (ALREADY_EXISTS) and send nothing. with-split holds the pair's lock
# from the split to the resync, so another job's resync of LDEV 348 waits until the tests are done; the resync runs
# also when the tests fail or the script gets SIGINT/SIGTERM, and the exit code is the tests'.
set -eu
SI=${SHADOWIMAGE:-./shadowimage}
CONN="--url $VSP_URL --ca-cert $VSP_CA_CERT --user $VSP_USER"
PAIR="--copy-group-name CI --copy-pair-name testdata --pvol-ldev-id 347 --svol-ldev-id 348"

$SI create $CONN $PAIR
# ssh db-test 'sudo umount /mnt/testdata || true'        # the resync overwrites LDEV 348: unmount it first
$SI resync $CONN $PAIR                                   # refresh the copy while the application runs
# ssh db-prod 'sudo fsfreeze --freeze /srv/testdata'     # flush the P-VOL right before the split
$SI with-split $CONN $PAIR --resync-first=false --after resync \
    --state-file "${STATE_DIR:-/tmp}/ci-testdata.state" -- sh -c '
  # ssh db-prod "sudo fsfreeze --unfreeze /srv/testdata"  # the split is done: the P-VOL may change again
  # ssh db-test "sudo mount /dev/disk/by-id/<LDEV 348> /mnt/testdata"
  echo "tests run on the copy split at $SI_SPLIT_OBSERVED_AT (S-VOL LDEV $SI_SVOL_LDEV_ID, pair $SI_COPY_PAIR_ID)"
  '"${TESTS:-./run-tests --data /mnt/testdata}"'
  status=$?
  # ssh db-test "sudo umount /mnt/testdata"                # before the resync overwrites it
  exit $status
'
