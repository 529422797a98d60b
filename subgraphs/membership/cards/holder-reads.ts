/**
 * A card's holder leaves membership as a NIK (`MembershipCard.worker { nik }`), a person's key
 * the gateway can hand to the client without asking population. Each request collects the NIKs
 * it handed out and, before its response leaves, has population record them in the read audit
 * under the same caller and client operation (one row per person per operation there).
 */
import type { PeerClient } from '../../kit/peer';

const RECORD = 'mutation RecordPersonReads($niks: [String!]!) { recordPersonReads(niks: $niks) }';

export class HolderReads {
  private readonly niks = new Set<string>();

  record(nik: string): void {
    this.niks.add(nik);
  }

  /** Fails the response when population cannot record the reads: no unaudited NIK leaves. */
  async flush({ peers }: { peers: Pick<PeerClient, 'request'> }): Promise<void> {
    if (this.niks.size === 0) return;
    const niks = [...this.niks];
    this.niks.clear();
    await peers.request('population', RECORD, { niks }, {});
  }
}
