/**
 * Paying a claim and approving its unusual items: the last consents before money leaves. The payer
 * is nobody who put money on the claim (its filer, an item's adder) nor who vouched for a person it
 * pays (an heir's adder or verifier); an item above the plausibility cap needs a second officer's
 * approval, neither its adder nor the filer, before the claim is paid.
 */
import { DataSource, EntityManager } from 'typeorm';
import { serverNow } from '../../../platform/clock';
import { conflict, forbidden, notFound } from '../../../platform/errors';
import { performWrite } from '../../../platform/write';
import { Claim, ClaimItem, ClaimItemApproval, ClaimStatus } from './claim';
import { claimSnapshot, requireId, Writer } from './claims';
import { requireSecondPerson } from './duties';

async function requireClaimInVillage(tx: EntityManager, writer: Writer, claim: Claim | null, claimId: string) {
  const [card] = claim
    ? await tx.query('SELECT village_code AS "villageCode" FROM membership_card WHERE kpj = $1', [claim.kpj])
    : [];
  if (writer.caller.villageScoped && !(card && writer.caller.seesVillage(card.villageCode)))
    throw forbidden(`The claim ${claimId} is on a card outside the villages you are assigned to.`);
}

/** Everyone whose step put money on the claim or chose who receives it, with that step. */
async function stepsBefore(tx: EntityManager, claim: Claim): Promise<{ actor: string; step: string }[]> {
  const rows: { actor: string; step: string }[] = await tx.query(
    `SELECT DISTINCT added_by AS actor, 'added an item of this claim' AS step FROM claim_item WHERE claim_id = $1
     UNION SELECT DISTINCT h.added_by, 'recorded an heir this claim pays' FROM claim_item i JOIN heir h ON h.id = i.heir_id WHERE i.claim_id = $1 AND h.added_by IS NOT NULL
     UNION SELECT DISTINCT h.verified_by, 'verified an heir this claim pays' FROM claim_item i JOIN heir h ON h.id = i.heir_id WHERE i.claim_id = $1 AND h.verified_by IS NOT NULL`,
    [claim.id],
  );
  return [...(claim.filedBy ? [{ actor: claim.filedBy, step: 'filed this claim' }] : []), ...rows];
}

export function payClaim(db: DataSource, writer: Writer & { idempotencyKey: string }, claimId: string): Promise<Claim> {
  const { caller, ...write } = writer;
  return performWrite(db, { operation: 'payClaim', ...write, input: { claimId } }, async ({ tx, record }) => {
    const claim = await tx
      .getRepository(Claim)
      .findOne({ where: { id: requireId(claimId, 'claimId') }, lock: { mode: 'pessimistic_write' } });
    await requireClaimInVillage(tx, writer, claim, claimId);
    if (!claim) throw notFound(`No claim has the id ${claimId}.`, { argument: 'claimId' });
    for (const { actor, step } of await stepsBefore(tx, claim))
      requireSecondPerson(writer.actor, actor, step, 'approve its payment');
    if (claim.status === ClaimStatus.PAID)
      throw conflict(`Claim ${claim.id} was already paid.`, { reason: 'ALREADY_PAID' });
    const [unverified] = await tx.query(
      'SELECT h.full_name FROM claim_item i JOIN heir h ON h.id = i.heir_id WHERE i.claim_id = $1 AND NOT h.verified LIMIT 1',
      [claim.id],
    );
    if (unverified)
      throw conflict(`${unverified.full_name}, a recipient of this claim, is no longer verified.`, {
        reason: 'HEIR_NOT_VERIFIED',
      });
    const [unapproved] = await tx.query(
      'SELECT i.id, i.amount::text AS amount FROM claim_item i LEFT JOIN claim_item_approval a ON a.item_id = i.id WHERE i.claim_id = $1 AND i.needs_approval AND a.item_id IS NULL ORDER BY i.id LIMIT 1',
      [claim.id],
    );
    if (unapproved) {
      throw conflict(
        `Item ${unapproved.id} of Rp ${Number(unapproved.amount).toLocaleString('en')} is above the plausibility cap and not yet approved by a second officer.`,
        {
          reason: 'ITEM_NOT_APPROVED',
          itemId: unapproved.id,
        },
      );
    }
    const paidAt = serverNow();
    await tx.getRepository(Claim).update(claim.id, { status: ClaimStatus.PAID, paidAt, paidBy: writer.actor });
    const paid = { ...claim, status: ClaimStatus.PAID, paidAt, paidBy: writer.actor };
    await record({
      entity: 'claim',
      entityId: claim.id,
      before: { ...claimSnapshot(claim), filedBy: claim.filedBy },
      after: { ...claimSnapshot(paid), filedBy: claim.filedBy, paidBy: writer.actor, paidAt },
    });
    return paid;
  });
}

export function approveClaimItem(db: DataSource, writer: Writer, itemId: string): Promise<ClaimItem> {
  const { caller, ...write } = writer;
  return performWrite(db, { operation: 'approveClaimItem', ...write, input: { itemId } }, async ({ tx, record }) => {
    const item = await tx.getRepository(ClaimItem).findOne({ where: { id: requireId(itemId, 'itemId') } });
    const claim = item
      ? await tx.getRepository(Claim).findOne({ where: { id: item.claimId }, lock: { mode: 'pessimistic_write' } })
      : null;
    await requireClaimInVillage(tx, writer, claim, item?.claimId ?? itemId);
    if (!item || !claim) throw notFound(`No claim item has the id ${itemId}.`, { argument: 'itemId' });
    requireSecondPerson(writer.actor, item.addedBy, 'added this item', 'approve it');
    requireSecondPerson(writer.actor, claim.filedBy, 'filed its claim', 'approve its items');
    if (!item.needsApproval)
      throw conflict(`Item ${item.id} is within the plausibility cap and needs no approval.`, {
        reason: 'APPROVAL_NOT_NEEDED',
      });
    if (claim.status === ClaimStatus.PAID)
      throw conflict(`Claim ${claim.id} was already paid.`, { reason: 'ALREADY_PAID' });
    const approvals = tx.getRepository(ClaimItemApproval);
    if (await approvals.findOne({ where: { itemId: item.id } })) return item;
    const approval = approvals.create({ itemId: item.id, approvedBy: writer.actor, approvedAt: serverNow() });
    await approvals.insert(approval);
    await record({
      entity: 'claim_item_approval',
      entityId: item.id,
      before: null,
      after: { ...approval, claimId: claim.id, amount: Number(item.amount), addedBy: item.addedBy },
    });
    return item;
  });
}
